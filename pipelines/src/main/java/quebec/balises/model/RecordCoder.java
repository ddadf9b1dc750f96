package quebec.balises.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A Beam coder for the Java records that pass between stages: each component in declaration order,
 * strings as UTF-8, numbers as varints or 8 bytes, arrays of doubles as their length and 8 bytes
 * each, arrays of booleans as their length and a byte each, dates as day numbers, nested records
 * and lists of records inline, a presence byte before every reference. It replaces {@code
 * SerializableCoder}, which writes each element as a fresh Java serialization stream (class
 * descriptors, handle tables, reflection on every field): profiled as the largest cost of the job
 * (docs/performance.md).
 *
 * <p>A component declared as a sealed interface whose permitted types are records (such as {@link
 * ParsedResource#payload()}, a {@link Payload}) carries the value's place in the {@code permits}
 * list, one byte, then the value coded as above. A component declared as another interface or
 * {@code Object} carries its class name, then the value. A type the coder does not know (a {@code
 * Map}, a plain class) falls back to Java serialization for that component only, so every
 * serializable record is coded correctly, if not always fast.
 *
 * <p>A record that passes between stages names this coder once, with
 * {@code @DefaultCoder(RecordCoder.class)}: Beam's registry then gives it to every collection of
 * that record (docs/decisions/0020).
 *
 * <p>Records change: the coder follows the record's components at run time, so adding a component
 * needs no change here. Encodings are not meant to outlive one run (no versioning).
 */
public final class RecordCoder<T> extends CustomCoder<T> {
  private final Class<T> type;
  private transient volatile @Nullable Codec codec;

  private RecordCoder(Class<T> type) {
    this.type = type;
  }

  public static <T> RecordCoder<T> of(Class<T> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    return new RecordCoder<>(type);
  }

  /**
   * The value is coded into a per-thread buffer and written with its length in one call: runners
   * hand coders streams whose per-byte calls are costly (Flink's view wrappers, for one).
   */
  @Override
  public void encode(T value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null " + type.getSimpleName());
    }
    Out buffer = OUT.get();
    buffer.reset();
    codec().write(value, buffer);
    VarInt.encode(buffer.size, out);
    out.write(buffer.bytes, 0, buffer.size);
  }

  @Override
  public T decode(InputStream in) throws IOException {
    In buffer = IN.get();
    buffer.fill(in, VarInt.decodeInt(in));
    T value = type.cast(codec().read(buffer));
    if (buffer.position != buffer.limit) {
      throw new CoderException("a " + type.getSimpleName() + " left bytes unread");
    }
    return value;
  }

  private static final ThreadLocal<Out> OUT = ThreadLocal.withInitial(Out::new);
  private static final ThreadLocal<In> IN = ThreadLocal.withInitial(In::new);

  /** A growable byte buffer, not synchronized (unlike {@link ByteArrayOutputStream}). */
  private static final class Out extends OutputStream {
    private byte[] bytes = new byte[4096];
    private int size;

    void reset() {
      size = 0;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int offset, int length) {
      ensure(length);
      System.arraycopy(b, offset, bytes, size, length);
      size += length;
    }

    void writeVarLong(long value) {
      ensure(10);
      long v = value;
      while ((v & ~0x7FL) != 0) {
        bytes[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[size++] = (byte) v;
    }

    void writeLong8(long v) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        bytes[size + i] = (byte) v;
        v >>>= 8;
      }
      size += 8;
    }

    void writeString(String s) {
      // String.getBytes is an intrinsic copy for the common all-ASCII string.
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      writeVarLong(utf8.length);
      write(utf8, 0, utf8.length);
    }
  }

  /** The bytes of one encoded value, read back without per-byte stream calls. */
  private static final class In extends InputStream {
    private byte[] bytes = new byte[4096];
    private int position;
    private int limit;

    void fill(InputStream in, int length) throws IOException {
      if (length > bytes.length) {
        bytes = new byte[Math.max(length, bytes.length * 2)];
      }
      int read = 0;
      while (read < length) {
        int n = in.read(bytes, read, length - read);
        if (n < 0) {
          throw new EOFException("expected " + length + " bytes, got " + read);
        }
        read += n;
      }
      position = 0;
      limit = length;
    }

    @Override
    public int read() {
      return position < limit ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int offset, int length) {
      if (position >= limit) {
        return -1;
      }
      int n = Math.min(length, limit - position);
      System.arraycopy(bytes, position, b, offset, n);
      position += n;
      return n;
    }

    int readByte() throws EOFException {
      if (position >= limit) {
        throw new EOFException();
      }
      return bytes[position++] & 0xff;
    }

    long readVarLong() throws IOException {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new CoderException("varint too long");
    }

    int readVarInt() throws IOException {
      return (int) readVarLong();
    }

    long readLong8() throws EOFException {
      if (limit - position < 8) {
        throw new EOFException();
      }
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (bytes[position++] & 0xff);
      }
      return v;
    }

    String readString() throws IOException {
      int length = readVarInt();
      if (length < 0 || length > limit - position) {
        throw new EOFException("string of " + length + " bytes");
      }
      String s = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return s;
    }

    byte[] readBytes(int length) throws EOFException {
      if (length < 0 || length > limit - position) {
        throw new EOFException("expected " + length + " bytes");
      }
      byte[] b = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return b;
    }
  }

  /**
   * Deterministic when every component is, recursively: strings, whole numbers, booleans (one or an
   * array), dates, instants, enums, records of those and lists of them. Doubles are not (as for
   * Beam's {@code DoubleCoder}: 0.0 and -0.0 are equal and coded apart), nor is a component coded
   * by its class name or by Java serialization. Such a record may then key a {@code GroupByKey} or
   * a map view.
   */
  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    String problem = Determinism.problem(type, type, new java.util.HashSet<>());
    if (problem != null) {
      throw new NonDeterministicException(this, type.getName() + ": " + problem);
    }
  }

  /**
   * The provider behind {@code @DefaultCoder(RecordCoder.class)} on a record: Beam then gives every
   * collection of that record this coder without a {@code setCoder} at each stage.
   */
  public static org.apache.beam.sdk.coders.CoderProvider getCoderProvider() {
    return PROVIDER;
  }

  private static final org.apache.beam.sdk.coders.CoderProvider PROVIDER =
      new org.apache.beam.sdk.coders.CoderProvider() {
        @Override
        public <X> org.apache.beam.sdk.coders.Coder<X> coderFor(
            org.apache.beam.sdk.values.TypeDescriptor<X> type,
            List<? extends org.apache.beam.sdk.coders.Coder<?>> componentCoders)
            throws org.apache.beam.sdk.coders.CannotProvideCoderException {
          @SuppressWarnings("unchecked")
          Class<X> raw = (Class<X>) type.getRawType();
          if (!raw.isRecord()) {
            throw new org.apache.beam.sdk.coders.CannotProvideCoderException(
                raw.getName() + " is not a record");
          }
          return RecordCoder.of(raw);
        }
      };

  /** Which components make a record's coding depend on more than its value. */
  private static final class Determinism {
    static @Nullable String problem(Type declared, Class<?> owner, java.util.Set<Class<?>> seen) {
      Class<?> raw = Codecs.rawClass(declared);
      if (raw == String.class
          || raw == long.class
          || raw == Long.class
          || raw == int.class
          || raw == Integer.class
          || raw == boolean.class
          || raw == Boolean.class
          || raw == boolean[].class
          || raw == LocalDate.class
          || raw == Instant.class
          || raw.isEnum()) {
        return null;
      }
      if (raw == double.class || raw == Double.class || raw == double[].class) {
        return "a double in " + owner.getSimpleName() + " is not coded deterministically";
      }
      if (raw.isRecord()) {
        if (!seen.add(raw)) {
          return null;
        }
        for (RecordComponent part : raw.getRecordComponents()) {
          String problem = problem(part.getGenericType(), raw, seen);
          if (problem != null) {
            return problem;
          }
        }
        return null;
      }
      if (raw == List.class || raw == Collection.class || raw == ArrayList.class) {
        Type element =
            declared instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
        return problem(element, owner, seen);
      }
      return raw.getSimpleName()
          + " in "
          + owner.getSimpleName()
          + " is coded by its class name or by Java serialization";
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RecordCoder<?> coder && coder.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "RecordCoder<" + type.getName() + ">";
  }

  private Codec codec() {
    Codec c = codec;
    if (c == null) {
      c = Codecs.forRecord(type);
      codec = c;
    }
    return c;
  }

  // ---- codecs ----------------------------------------------------------------------------------

  /** Writes and reads one value of a known declared type. */
  private interface Codec {
    void write(Object value, Out out) throws IOException;

    Object read(In in) throws IOException;
  }

  /** Builds and caches one codec per record class; shared by every coder in the JVM. */
  private static final class Codecs {
    private static final Map<Class<?>, RecordCodec> RECORDS = new ConcurrentHashMap<>();
    private static final Map<String, Class<?>> CLASSES = new ConcurrentHashMap<>();

    static RecordCodec forRecord(Class<?> type) {
      RecordCodec existing = RECORDS.get(type);
      if (existing != null) {
        return existing;
      }
      // Nested records are resolved at first use (LazyRecord), so building never recurses.
      RecordCodec created = new RecordCodec(type);
      RecordCodec raced = RECORDS.putIfAbsent(type, created);
      return raced != null ? raced : created;
    }

    static Codec forType(Type declared) {
      Class<?> raw = rawClass(declared);
      if (raw.isPrimitive()) {
        return primitive(raw);
      }
      return new MaybeNull(nonNull(declared, raw));
    }

    private static Codec nonNull(Type declared, Class<?> raw) {
      if (raw == String.class) {
        return STRING;
      }
      if (raw == Long.class) {
        return LONG;
      }
      if (raw == Integer.class) {
        return INT;
      }
      if (raw == Double.class) {
        return DOUBLE;
      }
      if (raw == Boolean.class) {
        return BOOLEAN;
      }
      if (raw == LocalDate.class) {
        return DATE;
      }
      if (raw == Instant.class) {
        return INSTANT;
      }
      if (raw.isEnum()) {
        return new EnumCodec(raw);
      }
      if (raw == double[].class) {
        return DOUBLES;
      }
      if (raw == boolean[].class) {
        return BOOLEANS;
      }
      if (raw.isRecord()) {
        return new LazyRecord(raw);
      }
      if (raw == List.class || raw == Collection.class || raw == ArrayList.class) {
        Type element =
            declared instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
        return new ListCodec(forElement(element));
      }
      if (raw.isSealed() && SealedCodec.allRecords(raw)) {
        return new SealedCodec(raw);
      }
      if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || raw == Object.class) {
        return POLYMORPHIC;
      }
      return JAVA;
    }

    /** List elements are never null in our records, but a presence byte keeps that safe. */
    private static Codec forElement(Type element) {
      Class<?> raw = rawClass(element);
      return new MaybeNull(nonNull(element, raw));
    }

    private static Class<?> rawClass(Type type) {
      if (type instanceof Class<?> c) {
        return c;
      }
      if (type instanceof ParameterizedType p) {
        return (Class<?>) p.getRawType();
      }
      return Object.class;
    }

    private static Codec primitive(Class<?> raw) {
      if (raw == long.class) {
        return LONG;
      }
      if (raw == int.class) {
        return INT;
      }
      if (raw == double.class) {
        return DOUBLE;
      }
      if (raw == boolean.class) {
        return BOOLEAN;
      }
      throw new IllegalArgumentException("no record coding for primitive " + raw);
    }

    static Class<?> classNamed(String name) throws IOException {
      Class<?> known = CLASSES.get(name);
      if (known != null) {
        return known;
      }
      try {
        Class<?> loaded = Class.forName(name, false, RecordCoder.class.getClassLoader());
        CLASSES.put(name, loaded);
        return loaded;
      } catch (ClassNotFoundException e) {
        throw new CoderException("unknown class " + name, e);
      }
    }
  }

  private static final class RecordCodec implements Codec {
    private final Class<?> type;
    // Method handles, typed (Object)Object and (Object[])Object: cheaper per call than
    // Method.invoke and Constructor.newInstance, which check access and box on every call.
    private final MethodHandle[] accessors;
    private final Codec[] components;
    private final MethodHandle constructor;

    RecordCodec(Class<?> type) {
      this.type = type;
      RecordComponent[] parts = type.getRecordComponents();
      MethodHandle[] getters = new MethodHandle[parts.length];
      Codec[] codecs = new Codec[parts.length];
      Class<?>[] types = new Class<?>[parts.length];
      try {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        for (int i = 0; i < parts.length; i++) {
          getters[i] =
              lookup
                  .unreflect(parts[i].getAccessor())
                  .asType(MethodType.methodType(Object.class, Object.class));
          codecs[i] = Codecs.forType(parts[i].getGenericType());
          types[i] = parts[i].getType();
        }
        constructor =
            lookup
                .unreflectConstructor(type.getDeclaredConstructor(types))
                .asSpreader(Object[].class, parts.length)
                .asType(MethodType.methodType(Object.class, Object[].class));
      } catch (NoSuchMethodException | IllegalAccessException e) {
        throw new IllegalStateException("record " + type.getName() + " cannot be coded", e);
      }
      this.accessors = getters;
      this.components = codecs;
    }

    @Override
    public void write(Object value, Out out) throws IOException {
      for (int i = 0; i < components.length; i++) {
        Object component;
        try {
          component = (Object) accessors[i].invokeExact(value);
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Throwable e) {
          throw new CoderException("cannot read a " + type.getName(), e);
        }
        components[i].write(component, out);
      }
    }

    @Override
    public Object read(In in) throws IOException {
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = components[i].read(in);
      }
      try {
        return (Object) constructor.invokeExact(values);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new CoderException("cannot make a " + type.getName(), e);
      }
    }
  }

  /** Resolved at first use, so that building a record's codec never recurses without end. */
  private static final class LazyRecord implements Codec {
    private final Class<?> type;
    private @Nullable RecordCodec codec;

    LazyRecord(Class<?> type) {
      this.type = type;
    }

    private RecordCodec codec() {
      RecordCodec c = codec;
      if (c == null) {
        c = Codecs.forRecord(type);
        codec = c;
      }
      return c;
    }

    @Override
    public void write(Object value, Out out) throws IOException {
      codec().write(value, out);
    }

    @Override
    public Object read(In in) throws IOException {
      return codec().read(in);
    }
  }

  /**
   * A value of a sealed type whose permitted types are all records: its type's index in the {@code
   * permits} list (stable within one build, which is all an encoding must outlive), then the
   * record.
   */
  private static final class SealedCodec implements Codec {
    private final Class<?>[] permitted;
    private final RecordCodec[] codecs;

    SealedCodec(Class<?> sealed) {
      this.permitted = sealed.getPermittedSubclasses();
      this.codecs = new RecordCodec[permitted.length];
    }

    static boolean allRecords(Class<?> sealed) {
      Class<?>[] permitted = sealed.getPermittedSubclasses();
      return permitted != null && Arrays.stream(permitted).allMatch(Class::isRecord);
    }

    private RecordCodec codec(int index) {
      RecordCodec c = codecs[index];
      if (c == null) {
        c = Codecs.forRecord(permitted[index]);
        codecs[index] = c;
      }
      return c;
    }

    @Override
    public void write(Object value, Out out) throws IOException {
      Class<?> actual = value.getClass();
      for (int i = 0; i < permitted.length; i++) {
        if (permitted[i] == actual) {
          out.writeVarLong(i);
          codec(i).write(value, out);
          return;
        }
      }
      throw new CoderException(actual.getName() + " is not a permitted type of a sealed component");
    }

    @Override
    public Object read(In in) throws IOException {
      int index = in.readVarInt();
      if (index < 0 || index >= permitted.length) {
        throw new CoderException("no permitted type at index " + index);
      }
      return codec(index).read(in);
    }
  }

  private static final class MaybeNull implements Codec {
    private final Codec inner;

    MaybeNull(Codec inner) {
      this.inner = inner;
    }

    @Override
    public void write(Object value, Out out) throws IOException {
      if (value == null) {
        out.write(0);
      } else {
        out.write(1);
        inner.write(value, out);
      }
    }

    @Override
    public Object read(In in) throws IOException {
      return in.readByte() == 0 ? null : inner.read(in);
    }
  }

  private static final class EnumCodec implements Codec {
    private final Object[] constants;

    EnumCodec(Class<?> type) {
      this.constants = type.getEnumConstants();
    }

    @Override
    public void write(Object value, Out out) throws IOException {
      out.writeVarLong(((Enum<?>) value).ordinal());
    }

    @Override
    public Object read(In in) throws IOException {
      return constants[in.readVarInt()];
    }
  }

  private static final class ListCodec implements Codec {
    private final Codec element;

    ListCodec(Codec element) {
      this.element = element;
    }

    @Override
    public void write(Object value, Out out) throws IOException {
      Collection<?> list = (Collection<?>) value;
      out.writeVarLong(list.size());
      for (Object e : list) {
        element.write(e, out);
      }
    }

    @Override
    public Object read(In in) throws IOException {
      int size = in.readVarInt();
      List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(element.read(in));
      }
      return list;
    }
  }

  private static final Codec STRING =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          out.writeString((String) value);
        }

        @Override
        public Object read(In in) throws IOException {
          return in.readString();
        }
      };

  private static final Codec LONG =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          out.writeVarLong((Long) value);
        }

        @Override
        public Object read(In in) throws IOException {
          return in.readVarLong();
        }
      };

  private static final Codec INT =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          out.writeVarLong((Integer) value);
        }

        @Override
        public Object read(In in) throws IOException {
          return in.readVarInt();
        }
      };

  /** A {@code double[]}: its length, then each value's 8 bytes. */
  private static final Codec DOUBLES =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          double[] values = (double[]) value;
          out.writeVarLong(values.length);
          for (double v : values) {
            out.writeLong8(Double.doubleToRawLongBits(v));
          }
        }

        @Override
        public Object read(In in) throws IOException {
          double[] values = new double[in.readVarInt()];
          for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(in.readLong8());
          }
          return values;
        }
      };

  /** A {@code boolean[]}: its length, then one byte per value. */
  private static final Codec BOOLEANS =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          boolean[] values = (boolean[]) value;
          out.writeVarLong(values.length);
          for (boolean v : values) {
            out.write(v ? 1 : 0);
          }
        }

        @Override
        public Object read(In in) throws IOException {
          boolean[] values = new boolean[in.readVarInt()];
          for (int i = 0; i < values.length; i++) {
            values[i] = in.readByte() == 1;
          }
          return values;
        }
      };

  private static final Codec DOUBLE =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          out.writeLong8(Double.doubleToRawLongBits((Double) value));
        }

        @Override
        public Object read(In in) throws IOException {
          return Double.longBitsToDouble(in.readLong8());
        }
      };

  private static final Codec BOOLEAN =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          out.write((Boolean) value ? 1 : 0);
        }

        @Override
        public Object read(In in) throws IOException {
          return in.readByte() == 1;
        }
      };

  private static final Codec DATE =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          out.writeVarLong(((LocalDate) value).toEpochDay());
        }

        @Override
        public Object read(In in) throws IOException {
          return LocalDate.ofEpochDay(in.readVarLong());
        }
      };

  private static final Codec INSTANT =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          Instant instant = (Instant) value;
          out.writeVarLong(instant.getEpochSecond());
          out.writeVarLong(instant.getNano());
        }

        @Override
        public Object read(In in) throws IOException {
          long seconds = in.readVarLong();
          return Instant.ofEpochSecond(seconds, in.readVarInt());
        }
      };

  /** A value of a class that only the running value tells: its class name, then the value. */
  private static final Codec POLYMORPHIC =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          Class<?> actual = value.getClass();
          STRING.write(actual.getName(), out);
          forClass(actual).write(value, out);
        }

        @Override
        public Object read(In in) throws IOException {
          Class<?> actual = Codecs.classNamed((String) STRING.read(in));
          return forClass(actual).read(in);
        }

        private Codec forClass(Class<?> actual) {
          if (actual.isRecord()) {
            return Codecs.forRecord(actual);
          }
          Codec known = Codecs.nonNull(actual, actual);
          return known == POLYMORPHIC ? JAVA : known;
        }
      };

  /** Java serialization of one value: the fallback for types this coder does not know. */
  private static final Codec JAVA =
      new Codec() {
        @Override
        public void write(Object value, Out out) throws IOException {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(value);
          }
          out.writeVarLong(bytes.size());
          bytes.writeTo(out);
        }

        @Override
        public Object read(In in) throws IOException {
          byte[] bytes = in.readBytes(in.readVarInt());
          try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return objects.readObject();
          } catch (ClassNotFoundException e) {
            throw new CoderException(e);
          }
        }
      };
}
