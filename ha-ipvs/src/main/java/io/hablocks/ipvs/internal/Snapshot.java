package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.Server;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable destination list (kernel order, newest first) with an index by address. */
final class Snapshot {
  final Slot[] slots;
  final Map<InetSocketAddress, Integer> index;

  Snapshot(List<Server> servers) {
    slots = new Slot[servers.size()];
    index = new HashMap<>(servers.size() * 2);
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot(servers.get(i));
      index.putIfAbsent(slots[i].address, i);
    }
  }

  int indexOf(InetSocketAddress a) {
    Integer i = index.get(a);
    return i == null ? -1 : i;
  }

  Slot slot(InetSocketAddress a) {
    Integer i = index.get(a);
    return i == null ? null : slots[i];
  }
}
