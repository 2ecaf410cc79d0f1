package org.raven.eval.run;

/**
 * Wall times of one cell.
 *
 * @param start            ISO-8601 instant the cell started
 * @param end              ISO-8601 instant it finished
 * @param trainSeconds     time spent training (0 when a finished checkpoint was reused)
 * @param evalSeconds      time spent on the classifier, attacks and t-SNE
 * @param reusedCheckpoint whether a finished checkpoint was loaded instead of training
 */
public record CellTimings(String start, String end, double trainSeconds, double evalSeconds, boolean reusedCheckpoint) {
}
