/**
 * The one {@code rockstream} binary (ARCHITECTURE.md §1, item 10): {@link io.rockstream.cli.Main}
 * parses the command line with picocli and hands off to a subcommand. {@code start} runs the
 * embedded engine with an interactive SQL shell ({@link io.rockstream.cli.SqlShell}) until the
 * Postgres gateway exists; {@code slt} runs sqllogictest files; {@code version} prints the
 * version. The shell prints results, command tags and errors the way psql does.
 */
package io.rockstream.cli;
