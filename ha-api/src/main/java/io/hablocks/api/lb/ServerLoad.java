package io.hablocks.api.lb;

/**
 * Live connection counters of one server, read by least-connection schedulers on every pick.
 * Implementations read volatile or atomic fields; they never lock or allocate.
 */
public interface ServerLoad {

  /** A load that is always zero. */
  ServerLoad NONE = new ServerLoad() {
    @Override
    public int active() {
      return 0;
    }

    @Override
    public int inactive() {
      return 0;
    }
  };

  /** @return established (active) connections */
  int active();

  /** @return inactive connections (IPVS: not established, such as FIN_WAIT or TIME_WAIT) */
  int inactive();
}
