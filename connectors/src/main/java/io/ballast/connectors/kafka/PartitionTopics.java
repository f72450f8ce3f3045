package io.ballast.connectors.kafka;

/**
 * The topics of a cluster's asset partitions.
 *
 * @param eventsTopic    the inputs, one partition per asset partition ({@link EventsTopic})
 * @param portfolioTopic every input, in one partition: the stream in order, which the portfolio reads
 * @param snapshotsTopic each partition's newest snapshot, keyed by partition (compacted)
 * @param ingestTopic    where the ingest stands, written with the inputs (compacted; {@link IngestMarks})
 * @param alertsTopic    where the partitions' alerts go
 * @param proposalsTopic where their orders go, as proposals (a cluster runs monitor-only)
 * @param partitions     how many asset partitions, the events topic's partition count
 */
public record PartitionTopics(String bootstrapServers, String eventsTopic, String portfolioTopic, String snapshotsTopic, String ingestTopic,
                              String alertsTopic, String proposalsTopic, int partitions) {
}
