/**
 * What the web verticle asks the session verticle ({@link parley.contract.SessionRequest}: sign-up,
 * sign-in and sign-out on {@link parley.contract.Addresses#SESSION_AUTH}, browser attachments on
 * {@link parley.contract.Addresses#SESSION_BROWSERS}), the sign-in's answer, and the notice a session
 * process publishes when it takes a shard ({@link parley.contract.ShardNotice}), as types: each record
 * has one JSON mapping ({@code toJson()}, with its {@code type}, and a static {@code fromJson(JsonObject)}
 * that validates once and fails with a {@link parley.contract.ParleyException}). The JSON is the one
 * docs/bus-contract.md describes, so a process that still builds these messages as JSON objects (an
 * older one in a rolling upgrade) reads and writes the same messages.
 */
package parley.contract.session;
