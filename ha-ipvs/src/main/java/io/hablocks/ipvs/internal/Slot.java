package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickResult;
import io.hablocks.api.lb.Server;
import io.hablocks.api.lb.ServerLoad;
import io.hablocks.ipvs.DestinationCounters;
import java.net.InetSocketAddress;

/** One destination in a picker's snapshot: its server, weight, load and pre-built result. */
final class Slot {
  final Server server;
  final InetSocketAddress address;
  final int weight;
  final ServerLoad load;
  final DestinationCounters counters;
  final PickResult result;

  Slot(Server server) {
    this.server = server;
    this.address = server.address();
    this.weight = server.weight();
    this.load = server.load();
    this.counters = load instanceof DestinationCounters d ? d : null;
    this.result = PickResult.server(server);
  }

  boolean overloaded() {
    return counters != null && counters.overloaded();
  }

  boolean mayOverload() {
    return counters != null && counters.mayOverload();
  }

  int active() {
    return load.active();
  }

  /** ip_vs_dest_conn_overhead: active × 256 + inactive. */
  int overhead() {
    return (load.active() << 8) + load.inactive();
  }
}
