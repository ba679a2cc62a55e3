package io.hablocks.api.lb;

import java.util.List;

/**
 * A named balancing algorithm (IPVS {@code rr}, {@code wlc}, ...; HAProxy {@code roundrobin},
 * {@code leastconn}, ...). Stateless: it builds a {@link Picker} from a server list, carrying
 * over what must survive a rebuild from the previous picker, as the real system does. Thread-safe.
 */
public interface Scheduler {

  /** @return the algorithm's name as the real system spells it */
  String name();

  /**
   * Builds the picker for a new server list.
   *
   * @param servers the servers, in the order the real system keeps them
   * @param previous the picker this one replaces (of the same scheduler), or null
   * @return the new picker
   */
  Picker newPicker(List<Server> servers, Picker previous);
}
