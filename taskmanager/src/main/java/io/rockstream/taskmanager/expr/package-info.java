/**
 * Scalar expression evaluation in the taskmanager: {@link io.rockstream.taskmanager.expr.ExprCompiler}
 * turns a job graph {@code Expr} into an {@link io.rockstream.taskmanager.expr.Evaluator}
 * once per operator; {@link io.rockstream.taskmanager.expr.Casts} and
 * {@link io.rockstream.taskmanager.expr.PgText} hold PostgreSQL's casts and text I/O, which
 * the gateway and COPY use too. Operators call evaluators per row; nothing here keeps state.
 */
package io.rockstream.taskmanager.expr;
