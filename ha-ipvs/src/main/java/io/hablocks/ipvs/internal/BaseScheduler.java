package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.Picker;
import io.hablocks.api.lb.Scheduler;
import io.hablocks.api.lb.Server;
import java.util.List;
import java.util.Objects;

/** A named IPVS scheduler; subclasses build the picker from a snapshot. */
abstract class BaseScheduler implements Scheduler {
  final String name;
  final Options options;

  BaseScheduler(String name, Options options) {
    this.name = name;
    this.options = options;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Picker newPicker(List<Server> servers, Picker previous) {
    Objects.requireNonNull(servers, "servers");
    Snapshot s = new Snapshot(servers);
    BasePicker prev = previous instanceof BasePicker p && p.scheduler().equals(name) ? p : null;
    return build(s, prev);
  }

  abstract BasePicker build(Snapshot snapshot, BasePicker previous);

  @Override
  public String toString() {
    return "ipvs:" + name;
  }
}
