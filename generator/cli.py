"""The `xxgk` command line. Commands live in generator/commands/ and are imported only when used,
so that `xxgk --help` starts as fast as click itself."""
from __future__ import annotations

import importlib
import os
import sys

import click

# command name -> module in generator.commands that defines a click command of the same name
COMMANDS = {
    "template": "template",
    "validate": "validate",
    "export": "export",
    "fill": "fill",
    "import": "import_report",
    "render": "render",
    "aggregate": "aggregate",
    "batch": "batch",
}


from .cli_zh import ZhContext, install as _install_chinese, localize

_install_chinese()


EXIT_INTERNAL, EXIT_UNWRITABLE = 3, 2
# Made before any run: with no memory left, printing must not need any (os.write of these bytes).
_OUT_OF_MEMORY = ("\n内部错误：内存不足，程序已停止，您的文件没有被改动。请关闭其他程序后重试；"
                  "如仍出现，请把所处理的文件发给维护人员。\n").encode()
_PIPE_CLOSED = "错误：输出在写完之前被关闭（如管道另一端的程序已退出），其余内容未输出。"


class LazyGroup(click.Group):
    context_class = ZhContext

    def invoke(self, ctx):
        from .atomic import exit_on_terminate
        exit_on_terminate()   # SIGTERM/SIGHUP: temporary files and locks are cleaned up on the way out
        out_of_memory = False
        try:
            return super().invoke(ctx)
        except MemoryError:
            out_of_memory = True      # told below, once this block has dropped the failed run's frames
        except BrokenPipeError:
            _pipe_closed()
            ctx.exit(EXIT_UNWRITABLE)
        except click.UsageError as e:
            if e.ctx is None and ctx.invoked_subcommand:  # click's parser leaves some errors without one
                e.ctx = ZhContext(self.get_command(ctx, ctx.invoked_subcommand), ctx, ctx.invoked_subcommand)
            raise
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as e:  # a bug of ours: a Chinese message for the clerk, the details in a file
            try:
                _report_internal_error(e)
                ctx.exit(EXIT_INTERNAL)
            except MemoryError:       # the traceback itself did not fit
                out_of_memory = True
        if out_of_memory:
            _write_stderr(_OUT_OF_MEMORY)
            sys.exit(EXIT_INTERNAL)

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        module = COMMANDS.get(name)
        if module is None:
            return None
        try:
            mod = importlib.import_module(f"generator.commands.{module}")
        except ModuleNotFoundError as e:
            if e.name == f"generator.commands.{module}":
                return None
            raise
        return localize(getattr(mod, "command"))

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.NoSuchCommand as e:  # click suggests from self.commands, empty in a lazy group
            if e.possibilities:
                raise
            raise click.NoSuchCommand(e.command_name, possibilities=list(COMMANDS), ctx=ctx) from None


def _write_stderr(data: bytes) -> None:
    try:
        os.write(2, data)
    except OSError:
        pass


def _pipe_closed() -> None:
    """The reader of our output went away (`xxgk import x.txt --json | head`): say so on stderr, and
    point stdout at nothing so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    _write_stderr((_PIPE_CLOSED + "\n").encode())


def _report_internal_error(error: Exception) -> None:
    import traceback
    from .error_log import write_error_log   # a new file each time, never through a symlink
    log = write_error_log("".join(traceback.format_exception(error)))
    where = f"详细信息已保存到 {log}，" if log else ""
    click.echo(click.style("内部错误：", fg="red", bold=True) +
               f"程序遇到意外问题（{type(error).__name__}），您的文件没有被改动。{where}请把该文件发给维护人员。",
               err=True)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
@click.version_option(package_name="xxgk", message="xxgk %(version)s")
def main():
    """政府信息公开工作年度报告工具：生成填报模板、校验、导入已发布的年报、生成年报文件。

    \b
    常用流程：
      xxgk template -o 年报.xlsx          生成填报用的 Excel 工作簿
      xxgk validate 年报.xlsx             按全部规则校验
      xxgk render 年报.xlsx -o 年报.docx   由填好的工作簿生成年报
    """


if __name__ == "__main__":
    main()
