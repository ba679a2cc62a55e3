package io.hablocks.stonith.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time in submission order, on whichever thread submits while nobody else is
 * draining; a task submitted from inside a task runs after it, never nested. The fencer's state
 * is only touched inside this context.
 */
public final class SerialContext implements Executor {

  private static final Logger LOG = LoggerFactory.getLogger(SerialContext.class);

  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Thread> drainer = new AtomicReference<>();

  @Override
  public void execute(Runnable task) {
    queue.add(task);
    drain();
  }

  private void drain() {
    do {
      if (!drainer.compareAndSet(null, Thread.currentThread())) {
        return;
      }
      try {
        Runnable r;
        while ((r = queue.poll()) != null) {
          try {
            r.run();
          } catch (RuntimeException e) {
            LOG.error("fencer task failed", e);
          }
        }
      } finally {
        drainer.set(null);
      }
    } while (!queue.isEmpty());
  }

  /** @return true if the calling thread is draining this context */
  public boolean inContext() {
    return drainer.get() == Thread.currentThread();
  }
}
