package io.hablocks.stonith;

import io.hablocks.api.Clock;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceDevice;
import io.hablocks.api.fence.FenceResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

/** A Java fence device for tests: answers from a script and records every call with its time. */
final class ScriptedDevice implements FenceDevice {

  record Call(FenceAction action, String plug, Duration timeout, long atNanos) {}

  private final String id;
  private final Clock clock;
  private final Deque<FenceResult> script = new ArrayDeque<>();
  private FenceResult otherwise = FenceResult.of(0);
  private BiFunction<FenceAction, String, FenceResult> behaviour;
  final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  ScriptedDevice(String id, Clock clock) {
    this.id = id;
    this.clock = clock;
  }

  ScriptedDevice then(int... exitCodes) {
    for (int c : exitCodes) {
      script.add(new FenceResult(c, "", c == 0 ? "" : id + ": failed with " + c));
    }
    return this;
  }

  ScriptedDevice always(int exitCode) {
    otherwise = new FenceResult(exitCode, "", exitCode == 0 ? "" : id + ": failed with "
        + exitCode);
    return this;
  }

  ScriptedDevice behaving(BiFunction<FenceAction, String, FenceResult> b) {
    this.behaviour = b;
    return this;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized FenceResult execute(FenceAction action, String plug, Duration timeout) {
    calls.add(new Call(action, plug, timeout, clock.nanoTime()));
    if (behaviour != null) {
      return behaviour.apply(action, plug);
    }
    FenceResult r = script.poll();
    return r != null ? r : otherwise;
  }

  List<Call> fencingCalls() {
    synchronized (calls) {
      return calls.stream().filter(c -> c.action() == FenceAction.OFF
          || c.action() == FenceAction.REBOOT || c.action() == FenceAction.ON).toList();
    }
  }
}
