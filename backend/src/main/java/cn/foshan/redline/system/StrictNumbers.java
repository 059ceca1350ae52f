package cn.foshan.redline.system;

import java.beans.PropertyEditorSupport;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numbers in paths and query parameters (ids, years, limits, coordinates) are read strictly: ASCII
 * decimal digits, an optional leading minus, and for fractional types a decimal point and an
 * exponent. Spring's own conversion (NumberUtils) reads {@code 0x10} and {@code #10} as 16, drops
 * whitespace anywhere ({@code "1 6"}) and takes a {@code +} and full-width digits ({@code １６}); so
 * the same feature had many addresses and a mistyped one found something. Any other text is a 400
 * problem ({@code /problems/invalid-parameter}). Leading zeros are read as decimal ({@code 016} is
 * 16): harmless, and what people mean.
 */
@ControllerAdvice
public class StrictNumbers {

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,40}");
  private static final Pattern DECIMAL =
      Pattern.compile(
          "-?(?:[0-9]{1,40}(?:\\.[0-9]{0,40})?|\\.[0-9]{1,40})(?:[eE][-+]?[0-9]{1,4})?");

  private static final List<Class<? extends Number>> TYPES =
      List.of(
          Long.class,
          Integer.class,
          Short.class,
          Byte.class,
          BigInteger.class,
          BigDecimal.class,
          Double.class,
          Float.class);

  /**
   * Editors of every request's numbers: a binder's own editors come before its conversion service,
   * whose number conversion (NumberUtils) is the lenient one.
   */
  @InitBinder
  void strictNumbers(WebDataBinder binder) {
    for (Class<? extends Number> type : TYPES) {
      Editor editor = new Editor(type);
      binder.registerCustomEditor(type, editor);
      Class<?> primitive = MethodType.methodType(type).unwrap().returnType();
      if (primitive != type) {
        binder.registerCustomEditor(primitive, editor);
      }
    }
  }

  /** Reads one type of number strictly ({@link #parse}). */
  private static final class Editor extends PropertyEditorSupport {
    private final Class<? extends Number> type;

    Editor(Class<? extends Number> type) {
      this.type = type;
    }

    @Override
    public void setAsText(String text) {
      setValue(parse(text, type));
    }
  }

  /**
   * A whole number written in ASCII decimal digits (an optional leading minus), as a long; null for
   * any other text (hex, a plus sign, full-width digits, spaces) or one out of a long's range.
   */
  public static Long wholeNumber(String text) {
    if (text == null || !INTEGER.matcher(text).matches()) {
      return null;
    }
    try {
      return Long.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The number, or null for empty text (an absent value); IllegalArgumentException otherwise. */
  static <T extends Number> T parse(String text, Class<T> type) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    boolean fractional = type == Double.class || type == Float.class || type == BigDecimal.class;
    if (!(fractional ? DECIMAL : INTEGER).matcher(text).matches()) {
      throw new IllegalArgumentException("not a decimal number: " + text);
    }
    Object value;
    if (type == Long.class) {
      value = Long.valueOf(text);
    } else if (type == Integer.class) {
      value = Integer.valueOf(text);
    } else if (type == Short.class) {
      value = Short.valueOf(text);
    } else if (type == Byte.class) {
      value = Byte.valueOf(text);
    } else if (type == BigInteger.class) {
      value = new BigInteger(text);
    } else if (type == BigDecimal.class) {
      value = new BigDecimal(text);
    } else if (type == Double.class) {
      value = finite(Double.parseDouble(text), text);
    } else if (type == Float.class) {
      float f = Float.parseFloat(text);
      value = finite(f, text).floatValue();
    } else {
      throw new IllegalArgumentException("no number of type " + type.getSimpleName());
    }
    return type.cast(value);
  }

  private static Double finite(double v, String text) {
    if (Double.isInfinite(v) || Double.isNaN(v)) {
      throw new IllegalArgumentException("out of range: " + text);
    }
    return v;
  }
}
