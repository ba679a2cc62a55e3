package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickResult;
import io.hablocks.api.lb.Picker;

/** A picker over one snapshot. */
abstract class BasePicker implements Picker {
  static final PickResult NO_DEST = PickResult.drop("no destination available");
  static final PickResult ALL_OVERLOADED =
      PickResult.drop("no destination available: all destinations are overloaded");

  final Snapshot snap;
  final Slot[] slots;

  BasePicker(Snapshot snap) {
    this.snap = snap;
    this.slots = snap.slots;
  }

  abstract String scheduler();

  static boolean unavailable(Slot s) {
    return s.weight <= 0 || s.overloaded();
  }
}
