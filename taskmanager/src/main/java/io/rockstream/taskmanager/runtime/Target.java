package io.rockstream.taskmanager.runtime;

/** Where output goes: a subtask in this TaskManager, or one on another TaskManager. */
interface Target {
    void enqueue(Message message);
}
