package io.hablocks.stonith;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceDevice;
import io.hablocks.api.fence.FenceResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One shared power switch reached from several fencers; records which member used it. */
final class PowerSwitch {

  record Use(String by, FenceAction action, String plug) {}

  final List<Use> log = Collections.synchronizedList(new ArrayList<>());
  final java.util.Set<String> poweredOff = java.util.concurrent.ConcurrentHashMap.newKeySet();
  volatile FenceResult answer = FenceResult.of(0);

  FenceDevice reachedFrom(String member) {
    return new FenceDevice() {
      @Override
      public String id() {
        return "power";
      }

      @Override
      public FenceResult execute(FenceAction action, String plug, Duration timeout) {
        if (poweredOff.contains(member)) {
          // a node that was powered off runs nothing: its request never reaches the switch
          return new FenceResult(FenceResult.EC_CONNECTION_LOST, "", member + " is off");
        }
        log.add(new Use(member, action, plug));
        if (answer.succeeded() && action == FenceAction.OFF) {
          poweredOff.add(plug);
        }
        return answer;
      }
    };
  }
}
