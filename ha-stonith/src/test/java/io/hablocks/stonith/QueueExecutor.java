package io.hablocks.stonith;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** An executor that holds tasks until the test runs them, on the test's thread. */
final class QueueExecutor implements Executor {
  private final Deque<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable command) {
    tasks.add(command);
  }

  int runAll() {
    int n = 0;
    while (true) {
      Runnable r;
      synchronized (this) {
        r = tasks.poll();
      }
      if (r == null) {
        return n;
      }
      r.run();
      n++;
    }
  }

  synchronized int size() {
    return tasks.size();
  }
}
