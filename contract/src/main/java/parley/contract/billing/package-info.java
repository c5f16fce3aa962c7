/**
 * The billing family of the bus, one record per message shape, each with one JSON mapping: the
 * usage records the session sends billing and their acknowledgement, the allowance the session asks
 * for and billing publishes, the signed-in user's requests (usage, statements) and the admin API.
 */
package parley.contract.billing;
