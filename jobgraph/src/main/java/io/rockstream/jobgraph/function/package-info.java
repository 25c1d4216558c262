/**
 * The catalog of scalar functions and operators and PostgreSQL's overload resolution. The
 * compiler's binder resolves every call here and inserts the casts the chosen overload
 * needs; the taskmanager's expression compiler dispatches on the resolved name.
 */
package io.rockstream.jobgraph.function;
