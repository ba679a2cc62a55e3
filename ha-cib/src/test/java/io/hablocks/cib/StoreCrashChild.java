package io.hablocks.cib;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The writer process of the crash test: opens the store, then writes CIBs with rising epochs,
 * printing "ACK epoch" after each write returns, until killed.
 */
public final class StoreCrashChild {

  private StoreCrashChild() {}

  /**
   * @param args the store directory, and optionally a number of writes after which to exit
   */
  public static void main(String[] args) {
    CibStore store = CibStore.open(Path.of(args[0]), 3);
    Cib base = store.current().orElseThrow();
    PrintStream out = System.out;
    long epoch = base.version().epoch();
    long exitAfter = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
    out.println("OPEN " + epoch);
    out.flush();
    for (long n = 0; n < exitAfter; n++) {
      epoch++;
      store.write(StoreCrashTest.cibAt(base, epoch));
      out.println("ACK " + epoch);
      out.flush();
    }
  }
}
