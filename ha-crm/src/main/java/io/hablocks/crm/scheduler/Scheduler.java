package io.hablocks.crm.scheduler;

import io.hablocks.cib.Cib;
import io.hablocks.crm.CrmException;
import io.hablocks.crm.scheduler.internal.Engine;
import io.hablocks.crm.scheduler.internal.StatusText;
import io.hablocks.crm.scheduler.internal.Summary;
import java.time.Instant;
import java.util.Objects;

/**
 * Pacemaker 2.1.5's scheduler as a pure function: a CIB and "now" in, a {@link Transition} out.
 *
 * <pre>{@code
 * Cib cib = CibXml.read(Path.of("cib.xml"));
 * Transition t = Scheduler.schedule(cib, cib.executionDate().orElse(Instant.now()));
 * t.summary().forEach(a -> System.out.println(a.line()));
 * }</pre>
 */
public final class Scheduler {

  private Scheduler() {}

  /**
   * Computes placement and the transition summary.
   *
   * @param cib the CIB (configuration and status)
   * @param now "now" for rules and failure timeouts (the CIB's execution-date when it has one)
   * @return the transition
   * @throws CrmException when the CIB cannot be scheduled
   */
  public static Transition schedule(Cib cib, Instant now) {
    Objects.requireNonNull(cib, "cib");
    Objects.requireNonNull(now, "now");
    try {
      Engine e = new Engine(cib, now);
      e.run();
      String current = StatusText.current(e);
      java.util.List<SummaryAction> summary = new Summary(e).build();
      return new Transition(summary, e.scoreLines(), current, StatusText.revised(e));
    } catch (CrmException ex) {
      throw ex;
    } catch (RuntimeException ex) {
      throw new CrmException("cannot schedule CIB " + cib.version() + ": " + ex, ex);
    }
  }
}
