/**
 * Passwords of 12 or more characters that appear high in published breach corpora, and obvious
 * patterns of the same length. Shorter ones already fail the length rule. Compared lower-cased.
 */
export const commonPasswords: ReadonlySet<string> = new Set([
  "123456789012", "1234567890123", "12345678901234", "123456789123", "1234567891011", "123123123123",
  "111111111111", "000000000000", "121212121212", "098765432109", "987654321098", "147258369147",
  "qwertyuiopas", "qwertyuiop123", "qwerty123456", "qwerty1234567", "1qaz2wsx3edc", "1q2w3e4r5t6y",
  "asdfghjkl123", "zxcvbnm12345", "qazwsxedcrfv", "abcdefghijkl", "abc123456789", "abcd12345678",
  "password1234", "password12345", "password123!", "password2024", "password2025", "password2026",
  "passwordpassword", "password1password", "mypassword123", "newpassword1", "newpassword123",
  "changeme1234", "changemenow1", "letmein12345", "letmeinplease", "welcome12345", "welcome123456",
  "welcometo2024", "administrator", "administrator1", "admin1234567", "adminadmin123", "superuser123",
  "iloveyou1234", "iloveyou12345", "iloveyouforever", "football1234", "football12345", "baseball1234",
  "monkey123456", "sunshine1234", "princess1234", "dragon123456", "master123456", "shadow123456",
  "trustno1trustno1", "correcthorsebatterystaple", "starwars1234", "whatever1234", "computer1234",
  "liverpool1234", "chelsea12345", "arsenal12345", "manchesterunited", "summer2024!!", "winter2024!!",
  "spring2025!!", "autumn2025!!", "january2025!", "september2025", "london123456", "plymouth1234",
  "england12345", "unitedkingdom", "qwertyqwerty", "asdfasdfasdf", "zaq12wsxcde3", "passw0rd1234",
  "p@ssw0rd1234", "p@ssword1234", "letmein123456", "login1234567", "secret123456", "test12345678",
  "testtesttest", "guest1234567", "default12345", "temp12345678", "temporary123", "social123456",
  "children1234", "council12345", "welcome2council",
]);
