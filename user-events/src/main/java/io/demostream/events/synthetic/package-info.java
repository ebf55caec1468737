/**
 * A seeded generator of user records in exactly the randomuser.me API shape, for offline runs, load
 * tests and benchmarks: {@link io.demostream.events.synthetic.SyntheticUserGenerator}; and the
 * scenarios that shape its traffic over time (daily cycle, weekends, trend, a country mix that
 * follows the sun, injected spikes, drops, silences and skews): {@link
 * io.demostream.events.synthetic.Scenarios}, {@link
 * io.demostream.events.synthetic.ScenarioTraffic}.
 */
package io.demostream.events.synthetic;
