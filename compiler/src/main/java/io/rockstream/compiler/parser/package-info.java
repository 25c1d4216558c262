/**
 * The parser: the first step of the compiler's flow (SQL text → AST → bound plan →
 * {@code LogicalPlan}). {@link io.rockstream.compiler.parser.SqlParser} turns PostgreSQL-dialect
 * text into the AST of {@code io.rockstream.compiler.ast}; the grammar is
 * {@code src/main/antlr4/io/rockstream/compiler/parser/RockSql.g4}. The parser knows no
 * catalog: names, types and functions are resolved by the binder. Errors are
 * {@code RockStreamException}s with SQLSTATE 42601 (syntax) or 0A000 (recognized but not
 * supported), positioned at the offending token.
 */
package io.rockstream.compiler.parser;
