"""Base for Gongkai's management commands: bad arguments give one line on stderr and exit 2."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError


def one_line_errors(parser) -> None:
    def error(message: str):
        if getattr(parser, "called_from_command_line", False):
            sys.stderr.write(f"{parser.prog}: 错误：{message}\n")
            sys.exit(2)
        raise CommandError(f"Error: {message}", returncode=2)

    parser.error = error


class GongkaiCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        one_line_errors(parser)
        return parser

    def add_subcommands(self, parser, dest: str = "action"):
        """Subparsers that inherit the one-line error behaviour."""
        subparsers = parser.add_subparsers(dest=dest, required=True)
        original = subparsers.add_parser

        def add_parser(name, **kwargs):
            sub = original(name, **kwargs)
            sub.called_from_command_line = getattr(parser, "called_from_command_line", False)
            one_line_errors(sub)
            return sub

        subparsers.add_parser = add_parser
        return subparsers

    def fail(self, message: str, code: int = 2):
        """A one-line error and a non-zero exit (Django prints ``CommandError: message``)."""
        raise CommandError(message, returncode=code)
