package io.ferrite.engine.processor;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The layout of a workload's event and output payloads as named integer fields: what text codecs (CSV, JSON lines),
 * database tables and journal dumps are derived from, so that none of them is written by hand per workload.
 * <p>
 * Every field is a little-endian two's complement integer of 1, 2, 4 or 8 bytes at a fixed offset; bytes of the
 * payload that no field covers (reserved padding) are zero. Immutable and thread safe once built.
 * <pre>
 *   EventSchema.builder()
 *       .input(1, "TRANSACTION", 48, Field.of("transaction_id", 0, 8), Field.of("card_id", 8, 8), ...)
 *       .output(101, "DECISION", 48, ...)
 *       .build();
 * </pre>
 */
public final class EventSchema
{
    private final List<EventType> types;
    private final List<String> inputColumns;
    private final List<String> outputColumns;

    private EventSchema(final List<EventType> types)
    {
        this.types = Collections.unmodifiableList(types);
        this.inputColumns = columns(types, false);
        this.outputColumns = columns(types, true);
    }

    private static List<String> columns(final List<EventType> types, final boolean output)
    {
        final Set<String> names = new LinkedHashSet<>();
        for (final EventType type : types)
        {
            if (type.output == output)
            {
                for (final Field field : type.fields)
                {
                    names.add(field.name);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return every type, inputs and outputs, in the order added.
     */
    public List<EventType> types()
    {
        return types;
    }

    /**
     * @param id an event or output type.
     * @return its description, or null if the schema does not know it.
     */
    public EventType type(final int id)
    {
        for (int i = 0; i < types.size(); i++)
        {
            final EventType type = types.get(i);
            if (type.id == id)
            {
                return type;
            }
        }
        return null;
    }

    /**
     * @param name   a type name.
     * @param output true to look among outputs, false among inputs.
     * @return its description, or null.
     */
    public EventType type(final String name, final boolean output)
    {
        for (final EventType type : types)
        {
            if (type.output == output && type.name.equals(name))
            {
                return type;
            }
        }
        return null;
    }

    /**
     * @return the union of the input types' field names, in order of first appearance: the data columns of an input
     * CSV file.
     */
    public List<String> inputColumns()
    {
        return inputColumns;
    }

    /**
     * @return the union of the output types' field names, in order of first appearance.
     */
    public List<String> outputColumns()
    {
        return outputColumns;
    }

    /**
     * One integer field of a payload.
     */
    public static final class Field
    {
        private final String name;
        private final int offset;
        private final int width;

        private Field(final String name, final int offset, final int width)
        {
            this.name = name;
            this.offset = offset;
            this.width = width;
        }

        /**
         * @param name   lower_snake_case name, used as CSV column, JSON key and SQL column.
         * @param offset byte offset in the payload.
         * @param width  1, 2, 4 or 8 bytes.
         * @return the field.
         */
        public static Field of(final String name, final int offset, final int width)
        {
            Objects.requireNonNull(name, "field name");
            if (!name.matches("[a-z][a-z0-9_]*"))
            {
                throw new IllegalArgumentException("field name '" + name + "' must be lower_snake_case");
            }
            if (width != 1 && width != 2 && width != 4 && width != 8)
            {
                throw new IllegalArgumentException("field '" + name + "': width must be 1, 2, 4 or 8, was " + width);
            }
            if (offset < 0)
            {
                throw new IllegalArgumentException("field '" + name + "': offset must be >= 0, was " + offset);
            }
            return new Field(name, offset, width);
        }

        /**
         * @return the name.
         */
        public String name()
        {
            return name;
        }

        /**
         * @return the byte offset in the payload.
         */
        public int offset()
        {
            return offset;
        }

        /**
         * @return the width in bytes.
         */
        public int width()
        {
            return width;
        }

        /**
         * @param buffer        holding the payload.
         * @param payloadOffset where the payload starts.
         * @return the field's value, sign-extended.
         */
        public long get(final DirectBuffer buffer, final int payloadOffset)
        {
            final int at = payloadOffset + offset;
            switch (width)
            {
                case 1:
                    return buffer.getByte(at);
                case 2:
                    return buffer.getShort(at, ByteOrder.LITTLE_ENDIAN);
                case 4:
                    return buffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
                default:
                    return buffer.getLong(at, ByteOrder.LITTLE_ENDIAN);
            }
        }

        /**
         * @param buffer        holding the payload.
         * @param payloadOffset where the payload starts.
         * @param value         the value to write.
         * @return false if the value does not fit the field's width (nothing written).
         */
        public boolean put(final MutableDirectBuffer buffer, final int payloadOffset, final long value)
        {
            final int at = payloadOffset + offset;
            switch (width)
            {
                case 1:
                    if (value != (byte)value)
                    {
                        return false;
                    }
                    buffer.putByte(at, (byte)value);
                    return true;
                case 2:
                    if (value != (short)value)
                    {
                        return false;
                    }
                    buffer.putShort(at, (short)value, ByteOrder.LITTLE_ENDIAN);
                    return true;
                case 4:
                    if (value != (int)value)
                    {
                        return false;
                    }
                    buffer.putInt(at, (int)value, ByteOrder.LITTLE_ENDIAN);
                    return true;
                default:
                    buffer.putLong(at, value, ByteOrder.LITTLE_ENDIAN);
                    return true;
            }
        }

        @Override
        public String toString()
        {
            return name + "@" + offset + ":" + width;
        }
    }

    /**
     * One event or output type: id, name, exact payload length and fields.
     */
    public static final class EventType
    {
        private final int id;
        private final String name;
        private final int length;
        private final boolean output;
        private final List<Field> fields;

        private EventType(final int id, final String name, final int length, final boolean output,
            final List<Field> fields)
        {
            this.id = id;
            this.name = name;
            this.length = length;
            this.output = output;
            this.fields = fields;
        }

        /**
         * @return the numeric type.
         */
        public int id()
        {
            return id;
        }

        /**
         * @return the UPPER_SNAKE_CASE name.
         */
        public String name()
        {
            return name;
        }

        /**
         * @return the exact payload length.
         */
        public int length()
        {
            return length;
        }

        /**
         * @return true for an output type, false for an input.
         */
        public boolean isOutput()
        {
            return output;
        }

        /**
         * @return the fields, in payload order.
         */
        public List<Field> fields()
        {
            return fields;
        }

        /**
         * @param name a field name.
         * @return the field, or null.
         */
        public Field field(final String name)
        {
            for (int i = 0; i < fields.size(); i++)
            {
                final Field f = fields.get(i);
                if (f.name.equals(name))
                {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * Collects types; {@link #build()} checks them.
     */
    public static final class Builder
    {
        private final List<EventType> types = new ArrayList<>();

        private Builder()
        {
        }

        /**
         * @param id     the input event type.
         * @param name   UPPER_SNAKE_CASE name.
         * @param length the exact payload length.
         * @param fields its fields.
         * @return this for a fluent API.
         */
        public Builder input(final int id, final String name, final int length, final Field... fields)
        {
            return add(id, name, length, false, fields);
        }

        /**
         * @param id     the output type.
         * @param name   UPPER_SNAKE_CASE name.
         * @param length the exact payload length.
         * @param fields its fields.
         * @return this for a fluent API.
         */
        public Builder output(final int id, final String name, final int length, final Field... fields)
        {
            return add(id, name, length, true, fields);
        }

        private Builder add(final int id, final String name, final int length, final boolean output,
            final Field... fields)
        {
            Objects.requireNonNull(name, "type name");
            if (!name.matches("[A-Z][A-Z0-9_]*"))
            {
                throw new IllegalArgumentException("type name '" + name + "' must be UPPER_SNAKE_CASE");
            }
            final boolean[] used = new boolean[length];
            for (final Field field : fields)
            {
                if (field.offset + field.width > length)
                {
                    throw new IllegalArgumentException(name + ": field " + field + " ends past the length " + length);
                }
                for (int b = field.offset; b < field.offset + field.width; b++)
                {
                    if (used[b])
                    {
                        throw new IllegalArgumentException(name + ": field " + field + " overlaps another");
                    }
                    used[b] = true;
                }
            }
            for (final EventType type : types)
            {
                if (type.id == id || (type.output == output && type.name.equals(name)))
                {
                    throw new IllegalArgumentException("type " + id + " " + name + " is already in the schema");
                }
            }
            types.add(new EventType(id, name, length, output, List.of(fields)));
            return this;
        }

        /**
         * @return the schema.
         */
        public EventSchema build()
        {
            return new EventSchema(new ArrayList<>(types));
        }
    }
}
