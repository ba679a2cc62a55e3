package io.hablocks.hactl.demo;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceDevice;
import io.hablocks.api.fence.FenceResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo's fence device, a Java {@link FenceDevice}: a power switch in front of the simulated
 * nodes. {@code off} (and {@code reboot}) of a node runs the given action on it (the demo kills
 * the node's engine), {@code status} says whether it is on.
 */
final class PowerSwitch implements FenceDevice {

  /** One use of the switch. */
  record Use(FenceAction action, String plug) {}

  private final Consumer<String> powerOff;
  private final List<String> off = new ArrayList<>();
  private final List<Use> log = new ArrayList<>();

  PowerSwitch(Consumer<String> powerOff) {
    this.powerOff = powerOff;
  }

  @Override
  public String id() {
    return "power";
  }

  @Override
  public synchronized FenceResult execute(FenceAction action, String plug, Duration timeout) {
    log.add(new Use(action, plug));
    switch (action) {
      case OFF, REBOOT -> {
        if (!off.contains(plug)) {
          off.add(plug);
          powerOff.accept(plug);
        }
        return FenceResult.of(FenceResult.EC_OK);
      }
      case ON -> {
        off.remove(plug);
        return FenceResult.of(FenceResult.EC_OK);
      }
      case STATUS -> {
        return FenceResult.of(off.contains(plug) ? FenceResult.STATUS_OFF : FenceResult.EC_OK);
      }
      default -> {
        return FenceResult.of(FenceResult.EC_OK);
      }
    }
  }

  /** @param plug a node name; it may be powered on again (the demo restarts it) */
  synchronized void powerOn(String plug) {
    off.remove(plug);
  }

  synchronized List<Use> log() {
    return List.copyOf(log);
  }
}
