package io.hablocks.vrrp;

import io.hablocks.netlink.Datagram;
import io.hablocks.netlink.RawIpSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records every VRRP packet a host of the lab sees, with its arrival time, on its own thread. */
final class WireLog implements AutoCloseable {

  /** One packet: arrival (System.nanoTime), source, priority, the VRRP bytes. */
  record Entry(long nanos, String src, int prio, byte[] payload) {}

  private final RawIpSocket socket;
  private final List<Entry> entries = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  WireLog(RawIpSocket socket) {
    this.socket = socket;
    thread = new Thread(() -> {
      while (!closed) {
        Datagram d = socket.receive(Duration.ofMillis(100));
        if (d != null && d.payload().length > 2) {
          synchronized (entries) {
            entries.add(new Entry(System.nanoTime(), d.source().getHostAddress(),
                d.payload()[2] & 0xff, d.payload()));
          }
        }
      }
    }, "wirelog");
    thread.setDaemon(true);
    thread.start();
  }

  List<Entry> snapshot() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  Optional<Entry> last(String src, long beforeNanos) {
    Entry found = null;
    for (Entry e : snapshot()) {
      if (e.src().equals(src) && e.nanos() <= beforeNanos) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  Optional<Entry> lastWithPrio(String src, int prio) {
    Entry found = null;
    for (Entry e : snapshot()) {
      if (e.src().equals(src) && e.prio() == prio) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  Optional<Entry> first(String src, long afterNanos) {
    return snapshot().stream().filter(e -> e.src().equals(src) && e.nanos() > afterNanos)
        .findFirst();
  }

  /** Waits (deadline) for the first advert from src after a time. */
  Entry awaitFirst(String src, long afterNanos, Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      Optional<Entry> e = first(src, afterNanos);
      if (e.isPresent()) {
        return e.get();
      }
      VrrpLab.awaitMillis(() -> false, Duration.ofMillis(5));
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    socket.close();
  }
}
