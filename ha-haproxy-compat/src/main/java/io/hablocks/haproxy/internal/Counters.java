package io.hablocks.haproxy.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters {@code show stat} reports for one proxy side or one server. Thread-safe. */
public final class Counters {
  /** Current sessions. */
  public final AtomicLong scur = new AtomicLong();
  /** Highest current sessions seen. */
  public final AtomicLong smax = new AtomicLong();
  /** Total sessions. */
  public final LongAdder stot = new LongAdder();
  /** Bytes in (from clients). */
  public final LongAdder bin = new LongAdder();
  /** Bytes out (to clients). */
  public final LongAdder bout = new LongAdder();
  /** Denied requests. */
  public final LongAdder dreq = new LongAdder();
  /** Request errors. */
  public final LongAdder ereq = new LongAdder();
  /** Connection errors. */
  public final LongAdder econ = new LongAdder();
  /** Response errors. */
  public final LongAdder eresp = new LongAdder();
  /** Retries. */
  public final LongAdder wretr = new LongAdder();
  /** Redispatches. */
  public final LongAdder wredis = new LongAdder();
  /** Times a server was picked by the balancer. */
  public final LongAdder lbtot = new LongAdder();
  /** HTTP requests. */
  public final LongAdder reqTot = new LongAdder();
  /** Responses by class 1xx..5xx, other. */
  public final LongAdder[] hrsp = {new LongAdder(), new LongAdder(), new LongAdder(),
      new LongAdder(), new LongAdder(), new LongAdder()};
  /** Current queued requests. */
  public final AtomicLong qcur = new AtomicLong();
  /** Highest queued requests seen. */
  public final AtomicLong qmax = new AtomicLong();
  /** Failed checks. */
  public final LongAdder chkfail = new LongAdder();
  /** UP to DOWN transitions. */
  public final LongAdder chkdown = new LongAdder();
  /** Connections (frontend) or connection attempts (backend, server). */
  public final LongAdder connTot = new LongAdder();

  /** One more current session. */
  public void open() {
    long c = scur.incrementAndGet();
    smax.accumulateAndGet(c, Math::max);
    stot.increment();
  }

  /** One session fewer. */
  public void close() {
    scur.decrementAndGet();
  }

  /** @param status an HTTP status to count */
  public void response(int status) {
    int k = status / 100;
    hrsp[k >= 1 && k <= 5 ? k - 1 : 5].increment();
  }

  /** One more queued. */
  public void queued() {
    long c = qcur.incrementAndGet();
    qmax.accumulateAndGet(c, Math::max);
  }
}
