package io.ferrite.cluster;

import org.agrona.BitUtil;

/**
 * Binary layouts of the messages between {@link FerriteClusterClient} and {@link FerriteClusteredService}, all
 * little-endian. Every message starts with a 4-byte kind.
 * <pre>
 *   ingress EVENT    kind | type | clientId (8) | messageId (8) | timestamp (8) | payload ...
 *   ingress HELLO    kind | 0    | clientId (8)
 *   egress  ACK      kind | 0    | clientId (8) | messageId (8) | sequence (8)
 *   egress  NACK     kind | 0    | clientId (8) | expectedMessageId (8)
 *   egress  OUTPUT   kind | type | sequence (8) | ordinal (4) | processor (4) | timestamp (8) | payload ...
 * </pre>
 * An EVENT's {@code messageId} is assigned by the client, dense from 1 per {@code clientId}: the service applies
 * message {@code last + 1}, drops {@code <= last} as a duplicate (acknowledging {@code last}) and answers a gap with
 * a NACK naming the id it expects. An ACK is cumulative: every message of that client up to {@code messageId} is in
 * the log and applied; {@code sequence} is the Ferrite sequence of {@code messageId}, or {@link #NO_SEQUENCE} when
 * the acknowledgement answers a HELLO or a duplicate. A timestamp of {@link #CLUSTER_TIME} asks the service to use
 * cluster time, which is the same on every node.
 * <p>
 * An OUTPUT is one output of the pipeline, sent by the leader to every connected client: {@code sequence} is the
 * Ferrite sequence of the event that caused it, {@code processor} the emitting processor's index in pipeline order
 * and {@code ordinal} its position among that processor's outputs for that event. Per processor, outputs are sent in
 * increasing (sequence, ordinal) order, which is what lets a client drop the ones a new leader sends again.
 */
final class MessageDescriptor
{
    static final int KIND_EVENT = 1;
    static final int KIND_HELLO = 2;
    static final int KIND_ACK = 101;
    static final int KIND_NACK = 102;
    static final int KIND_OUTPUT = 103;

    static final int KIND_OFFSET = 0;
    static final int TYPE_OFFSET = KIND_OFFSET + BitUtil.SIZE_OF_INT;
    static final int CLIENT_ID_OFFSET = TYPE_OFFSET + BitUtil.SIZE_OF_INT;
    static final int MESSAGE_ID_OFFSET = CLIENT_ID_OFFSET + BitUtil.SIZE_OF_LONG;
    static final int TIMESTAMP_OFFSET = MESSAGE_ID_OFFSET + BitUtil.SIZE_OF_LONG;
    static final int EVENT_HEADER_LENGTH = TIMESTAMP_OFFSET + BitUtil.SIZE_OF_LONG;
    static final int HELLO_LENGTH = CLIENT_ID_OFFSET + BitUtil.SIZE_OF_LONG;

    static final int SEQUENCE_OFFSET = MESSAGE_ID_OFFSET + BitUtil.SIZE_OF_LONG;
    static final int ACK_LENGTH = SEQUENCE_OFFSET + BitUtil.SIZE_OF_LONG;
    static final int NACK_LENGTH = MESSAGE_ID_OFFSET + BitUtil.SIZE_OF_LONG;

    static final int OUTPUT_SEQUENCE_OFFSET = TYPE_OFFSET + BitUtil.SIZE_OF_INT;
    static final int OUTPUT_ORDINAL_OFFSET = OUTPUT_SEQUENCE_OFFSET + BitUtil.SIZE_OF_LONG;
    static final int OUTPUT_PROCESSOR_OFFSET = OUTPUT_ORDINAL_OFFSET + BitUtil.SIZE_OF_INT;
    static final int OUTPUT_TIMESTAMP_OFFSET = OUTPUT_PROCESSOR_OFFSET + BitUtil.SIZE_OF_INT;
    static final int OUTPUT_HEADER_LENGTH = OUTPUT_TIMESTAMP_OFFSET + BitUtil.SIZE_OF_LONG;

    /** Timestamp value meaning "use cluster time". */
    static final long CLUSTER_TIME = Long.MIN_VALUE;
    /** Sequence in an ACK that acknowledges without naming a new event. */
    static final long NO_SEQUENCE = -1;

    private MessageDescriptor()
    {
    }
}
