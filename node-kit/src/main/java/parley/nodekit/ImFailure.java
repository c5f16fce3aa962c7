package parley.nodekit;

import parley.contract.FailureCode;

/**
 * Why an IM connection failed, as the user sees it; {@code retry} says whether trying again later
 * may help. Shared by every protocol node.
 */
public record ImFailure(FailureCode code, String text, boolean retry) {

  /** The node's rule (docs/bus-contract.md): only an established connection with a passing fault is retried. */
  public boolean retryAfter(boolean everConnected) {
    return everConnected && retry && code != FailureCode.IM_AUTH_FAILED;
  }
}
