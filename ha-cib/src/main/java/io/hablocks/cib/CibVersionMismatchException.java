package io.hablocks.cib;

/**
 * A patchset was refused because its source version is not the CIB's version (the CIB is
 * older: it needs a full copy; or newer: the patch is stale), or because it does not raise the
 * version. A {@link CibParseException} so callers that only care about bad input catch one type.
 */
public class CibVersionMismatchException extends CibParseException {

  private static final long serialVersionUID = 1L;

  private final CibVersion current;
  private final CibVersion source;
  private final CibVersion target;

  /**
   * @param current the CIB's version
   * @param source the patch's source version
   * @param target the patch's target version
   * @param reason what is wrong
   */
  public CibVersionMismatchException(CibVersion current, CibVersion source, CibVersion target,
      String reason) {
    super("/diff/version", -1, reason);
    this.current = current;
    this.source = source;
    this.target = target;
  }

  /** @return the version of the CIB the patch was applied to */
  public CibVersion current() {
    return current;
  }

  /** @return the patch's source version */
  public CibVersion source() {
    return source;
  }

  /** @return the patch's target version */
  public CibVersion target() {
    return target;
  }

  /** @return whether the CIB is older than the patch's source (it needs a full copy) */
  public boolean needsResync() {
    return current.compareTo(source) < 0;
  }
}
