"""The command line in Chinese (issue 15): ``tracker --lang zh_CN`` prints what init, seed, stats,
user …, backup/restore, export-all, audit verify and their refusals say in Chinese, with no
English the catalogue knows; English stays as it was."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from tests.app.test_language import english_phrases
from tests.cli_helpers import run_cli
from tracker.cli import app

runner = CliRunner()
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(autouse=True)
def _no_language_from_the_shell(monkeypatch):
    monkeypatch.delenv("TRACKER_DEFAULT_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def zh(*args: str, stdin: str | None = None, code: int = 0) -> str:
    """What the command prints in Chinese (stdout and stderr), checked for English leftovers."""
    result = runner.invoke(app, ["--lang", "zh_CN", *args], input=stdin)
    assert result.exit_code == code, result.output
    text = result.stdout + result.stderr
    whole, parts = english_phrases()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert [line for line in lines if line in whole or any(part in line for part in parts)] == []
    return text


def test_init_seed_and_stats_speak_chinese(database_url):
    assert "数据库已就绪" in zh("init")
    out = zh("seed", "--meetings", "12", "--seed", "3")
    assert "已插入" in out and "（12 次会见）" in out and "完成，用时" in out
    assert zh("seed", code=2).strip() == "错误：请说明要载入的数据：--demo，或 --meetings N（N > 0）。"
    assert re.search(r"meetings\s+12\n", zh("stats"))


def test_user_commands_speak_chinese(database_url):
    out = zh("user", "add", "mei", "--role", "editor", "--clearance", "confidential", "--password-stdin",
             stdin="a-long-password\n")
    assert out.strip() == "已创建编辑“mei”，权限为秘密。"
    taken = zh("user", "add", "mei", "--role", "viewer", "--password-stdin", stdin="another-password\n",
               code=2)
    assert taken.strip() == "错误：用户名：用户名“mei”已被使用"
    bad_name = zh("user", "add", "two words", "--role", "viewer", "--password-stdin", stdin="pass-word-1\n",
                  code=2)
    assert "只能使用字母、数字和" in bad_name
    assert "未知权限“top”" in zh("user", "set-clearance", "mei", "top", code=2)
    assert zh("user", "set-role", "mei", "viewer").strip() == "mei：查阅者，权限秘密，启用。"
    assert zh("user", "deactivate", "mei").strip() == "mei：查阅者，权限秘密，已停用。"
    listing = zh("user", "list").splitlines()
    assert listing[0].split() == ["用户名", "角色", "权限", "状态", "最近登录"]
    assert listing[1].split() == ["mei", "查阅者", "秘密", "已停用", "从未"]
    zh("user", "activate", "mei")
    refused = zh("user", "list", "--as", "mei", code=2)
    assert refused.strip() == "错误：只有管理员可以列出用户；mei的角色为查阅者。"
    assert "查看各密级的记录数" in zh("stats", "--as", "mei", code=2)


def test_backup_restore_and_audit_speak_chinese(database_url, tmp_path):
    zh("user", "add", "wang", "--role", "admin", "--clearance", "secret", "--password-stdin",
       stdin="a-long-password\n")
    out = zh("backup", str(tmp_path / "b.backup"))
    assert out.startswith("已备份至 ") and "（" in out
    out = zh("export-all", str(tmp_path / "all.json"))
    assert out.startswith("已从 ") and " 张表导出 " in out
    out = zh("restore", str(tmp_path / "b.backup"), "--force", "--as", "wang")
    assert "已从 " in out and " 恢复 " in out and "审计" in out
    assert "审计" in zh("audit", "verify")


def test_english_is_as_before(database_url):
    result = runner.invoke(app, ["user", "add", "mei", "--role", "editor", "--clearance", "confidential",
                                 "--password-stdin"], input="a-long-password\n")
    assert result.stdout.strip() == "Created editor “mei” with Confidential clearance."
    result = runner.invoke(app, ["user", "set-role", "mei", "viewer"])
    assert result.stdout.strip() == "mei: viewer, Confidential clearance, active."
    result = runner.invoke(app, ["user", "list", "--as", "mei"])
    assert result.stderr.strip() == "Error: Only an administrator may list users; mei is a viewer."
    assert not CJK.search(runner.invoke(app, ["user", "list"]).stdout)


def test_import_and_extract_speak_chinese(database_url, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("Minister,Date,Name of Organisation,Purpose of meeting,Notes\n"
                    "\"Minister for Trade, The Rt Hon Ann Lee MP\",2019-05-06,Acme; Beta,Talks,x\n"
                    ",2019-05-07,Gamma,Visit,\n"
                    ",not a date,Delta,Bad,\n", encoding="utf-8")
    out = zh("import", str(path), "--dry-run")
    assert "将导入 3 行中的 2 行（此前已导入 0 行，被拒 1 行）。" in out
    assert "机构：已匹配 0 个，新建 3 个。" in out and "第 4 行：" in out
    out = zh("import", str(path))
    assert "已导入 3 行中的 2 行" in out
    missing = tmp_path / "none.csv"
    assert zh("import", str(missing), code=2).strip() == f"错误：{missing} 处没有文件。"
    assert "须为 YYYY-MM-DD 格式" in zh("extract", str(path), "--date", "May 7", code=2)
    assert zh("extract", str(tmp_path / "none.txt"), code=2).startswith("错误：没有此文件：")


def test_seed_demo_speaks_chinese(database_url):
    """The demo's own sentences (seed_data/ is extracted for the catalogue too)."""
    zh("seed", "--meetings", "3", "--seed", "5")
    out = zh("seed", "--demo", "--first-run")  # the database holds meetings: the demo is not loaded
    assert out.splitlines()[0] == "数据库中已有会见记录，未载入演示数据。"
    from seed_data.demo import demo_accounts_help
    from tracker.i18n import using_language

    with using_language("zh_CN"):
        accounts = demo_accounts_help().splitlines()
    assert accounts[0] == "请使用以下演示账户登录："
    assert accounts[1].split() == ["admin", "密码", "admin-demo-pass", "（管理员，权限：机密）"]


@pytest.mark.parametrize("how", ["--lang", "LANG"])
def test_click_usage_errors_speak_chinese(monkeypatch, capsys, how):
    """Typer's copy of Click writes its usage errors with f-strings; the console entry point says
    them in Chinese with --lang zh_CN or LANG=zh_CN.UTF-8, and in English as Click wrote them."""
    def tracker(*args: str) -> str:
        if how == "LANG":
            monkeypatch.setenv("LANG", "zh_CN.UTF-8")
            code, _out, err = run_cli(monkeypatch, capsys, *args)
            monkeypatch.setenv("LANG", "C.UTF-8")
        else:
            code, _out, err = run_cli(monkeypatch, capsys, "--lang", "zh_CN", *args)
        assert code == 2, err
        return err.strip()

    assert tracker("seed", "--nope") == "错误：没有选项：--nope"
    assert tracker("seed", "--as-user") == "错误：没有选项：--as-user（可用选项：--as）"
    assert tracker("user", "add") == "错误：缺少参数 'USERNAME'。"
    assert tracker("users", "list") == "错误：没有命令 'users'。是否要输入 'user', 'serve'？"
    assert tracker("seed", "--demo", "extra") == "错误：有多余的参数（extra）"
    assert tracker("seed", "--meetings") == "错误：选项 '--meetings' 需要一个取值。"
    code, _out, err = run_cli(monkeypatch, capsys, "seed", "--nope")
    assert (code, err.strip()) == (2, "Error: No such option: --nope")
