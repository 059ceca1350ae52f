package cn.foshan.redline.editing;

import java.util.regex.Pattern;

/**
 * What a feature's code may be: letters, digits and CJK ideographs, with '-', '_' and '.' after the
 * first character, at most 64 characters (宗地代码 440604001000GB00000, RL440604-0001, the codes made
 * for features created without one, RL-N000123-2, and the Chinese codes of survey files, 三水修复-1).
 * Codes are read by people and programs and shown on every page; nothing else (spaces, quotes,
 * angle brackets…) belongs in them. The database holds every writer to the same pattern (the CHECK
 * constraints of V16 spell it the same way; PostgreSQL's regular expressions read it as Java does).
 */
final class FeatureCodes {

  /** The pattern, as both Java and PostgreSQL read it. */
  static final String REGEX =
      "^[A-Za-z0-9\\u3400-\\u4DBF\\u4E00-\\u9FFF][-A-Za-z0-9\\u3400-\\u4DBF\\u4E00-\\u9FFF_.]{0,63}$";

  private static final Pattern PATTERN = Pattern.compile(REGEX);

  /** Why a code is refused, Chinese first. */
  static final String RULE =
      "编码只能由字母、数字、汉字及 - _ . 组成，以字母、数字或汉字开头，至多 64 个字符"
          + "（a code is letters, digits and CJK characters, with '-', '_' and '.', starting with a"
          + " letter, a digit or a CJK character, at most 64 characters）";

  private FeatureCodes() {}

  /**
   * The code of a feature created without one: the layer's prefix, N, the change set and the edit
   * (RL-N000123-2: change set 123's edit 2). It follows from the edit alone, so a preview shows the
   * code the commit gives (a number drawn from a sequence would differ each time), and no two edits
   * share it.
   */
  static String made(String prefix, long changeSet, int seq) {
    return prefix + "-N" + String.format(java.util.Locale.ROOT, "%06d", changeSet) + "-" + seq;
  }

  static boolean valid(String code) {
    return code != null && PATTERN.matcher(code).matches();
  }
}
