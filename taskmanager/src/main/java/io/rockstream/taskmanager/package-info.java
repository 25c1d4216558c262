/**
 * The TaskManager: runs the subtasks of job graphs (ARCHITECTURE.md §1, item 4). Each
 * subtask is one operator instance over one range of key groups, fed deltas and barriers
 * through its mailbox; operators live in {@code operator}, scalar expressions in
 * {@code expr}, aggregate accumulators in {@code aggregate}, the mailbox, exchange and
 * barrier alignment in {@code runtime}.
 */
package io.rockstream.taskmanager;
