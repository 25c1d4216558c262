/**
 * The system catalog: pg_catalog and information_schema as relations computed from the
 * engine's catalog when a query reads them (a snapshot per query), so that psql's
 * meta-commands, JDBC metadata and BI tools find the answers PostgreSQL would give. Sits
 * beside the catalog in the JobManager; the compiler sees these relations through
 * {@link io.rockstream.jobmanager.catalog.Catalog}, and a query's reads of them are served
 * by {@link io.rockstream.jobmanager.system.SystemReads}.
 */
package io.rockstream.jobmanager.system;
