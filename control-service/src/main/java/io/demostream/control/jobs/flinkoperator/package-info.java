/**
 * The Flink Kubernetes Operator backend ({@code demostream.launcher=flink-operator}): the pipeline
 * as an operator-managed {@code FlinkDeployment} in application mode, created, found, drained,
 * cancelled and upgraded through the Kubernetes API ({@code demostream.flink-operator.*}).
 */
package io.demostream.control.jobs.flinkoperator;
