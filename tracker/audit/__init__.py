"""The audit trail's hash chain: appending linked rows (``chain``) and checking them (``verify``)."""
