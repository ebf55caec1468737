/**
 * A seeded generator of user records in exactly the randomuser.me API shape, for offline runs, load
 * tests and benchmarks: {@link io.demostream.events.synthetic.SyntheticUserGenerator}.
 */
package io.demostream.events.synthetic;
