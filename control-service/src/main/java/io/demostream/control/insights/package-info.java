/**
 * Insights: what the warehouse says about the users, over REST ({@link
 * io.demostream.control.insights.InsightsController} under {@code /api/v1/insights}) and on the
 * dashboard served at {@code /}. Answers are read only from the {@code latest_*} views (the latest
 * pane of every window, combined across pipeline incarnations), never summed over panes, through an
 * {@link io.demostream.control.insights.InsightsRepository}: JDBC (H2 or PostgreSQL) or BigQuery.
 *
 * <p>Totals count only <em>tiling</em> windows (see {@link
 * io.demostream.control.insights.WindowRow#tiling()}), so a sliding-window job, whose windows
 * overlap, never shows a user more than once.
 */
package io.demostream.control.insights;
