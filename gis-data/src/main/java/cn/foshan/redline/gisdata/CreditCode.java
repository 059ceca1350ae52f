package cn.foshan.redline.gisdata;

/** Unified social credit codes (统一社会信用代码, GB 32100-2015) for the generated enterprises. */
final class CreditCode {

  private static final String CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] CREDIT_WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };

  /**
   * A unified social credit code (统一社会信用代码, GB 32100-2015): 91 (enterprise), the admin code, a
   * nine-character organisation code made unique from the enterprise number, and the check
   * character.
   */
  static String of(int enterprise, String districtCode) {
    char[] org = new char[9];
    long n = enterprise + 31L * 31 * 31 * 31;
    for (int k = 8; k >= 0; k--) {
      org[k] = CREDIT_CHARS.charAt((int) (n % 31));
      n /= 31;
    }
    String body = "91" + districtCode + new String(org);
    int sum = 0;
    for (int k = 0; k < 17; k++) {
      sum += CREDIT_CHARS.indexOf(body.charAt(k)) * CREDIT_WEIGHTS[k];
    }
    int check = (31 - sum % 31) % 31;
    return body + CREDIT_CHARS.charAt(check);
  }

  private CreditCode() {}
}
