import type { FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dateInput, formValues } from "./forms.ts";
import { decimalNumber, fileText, idParam, isoDate, queryFilter, realDate, recordVersion, savedMessageOf, text, wholeNumber } from "./inputs.ts";

const messageOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "");
};

describe("typed text", () => {
  const title = text("Title", 10, { required: "Enter the title" });
  const notes = text("Notes", 20, { multiline: true });

  it("trims it, and refuses hidden control characters, naming the field", () => {
    expect(title.parse("  Early help ")).toBe("Early help");
    for (const hidden of ["a\u0000b", "a\u0007b", "a\u001bb", "a\u007fb", "a\u000bb"]) {
      expect(messageOf(title, hidden)).toBe("Title must not contain hidden control characters: retype it rather than pasting it");
      expect(messageOf(notes, hidden)).toBe("Notes must not contain hidden control characters: retype it rather than pasting it");
    }
  });

  it("keeps line breaks and tabs in a text area; on one line a tab is a space and a line break is refused", () => {
    expect(notes.parse("one\r\ntwo\tthree")).toBe("one\r\ntwo\tthree");
    expect(title.parse("a\tb")).toBe("a b");
    expect(messageOf(title, "a\r\nb")).toBe("Title must be on one line");
  });

  it("counts characters as people do, and refuses more than the limit", () => {
    expect(title.parse("👩‍👩‍👧🎉🎉")).toBe("👩‍👩‍👧🎉🎉");
    expect(messageOf(title, "x".repeat(11))).toBe("Title must be 10 characters or fewer");
    expect(messageOf(text("Narrative", 20_000), "x".repeat(20_001))).toBe("Narrative must be 20,000 characters or fewer");
  });

  it("asks for a required field left empty, and gives an optional one as empty", () => {
    expect(messageOf(title, "   ")).toBe("Enter the title");
    expect(text("Lead", 10).parse(undefined)).toBe("");
  });

  it("refuses a field sent twice with a message, not a type error", () => {
    expect(messageOf(title, ["a", "b"])).toBe("Title must be sent once, as text: reload the page and try again");
  });
});

describe("text in a file the app loads", () => {
  it("refuses hidden control characters and over-long text, in the words of a file's problems", () => {
    expect(fileText(10).parse(" Early help\n ")).toBe("Early help");
    expect(messageOf(fileText(10), "a\u0000b")).toBe("must not contain hidden control characters");
    expect(messageOf(fileText(10), "x".repeat(11))).toBe("must be 10 characters or fewer");
  });
});

describe("dates", () => {
  it("knows the real days of the calendar, in years from 1900 to 2200", () => {
    expect(realDate(2024, 2, 29)).toBe("2024-02-29");
    expect(realDate(2025, 2, 29)).toBeNull();
    expect(realDate(2025, 2, 30)).toBeNull();
    expect(realDate(2025, 4, 31)).toBeNull();
    expect(realDate(2025, 13, 1)).toBeNull();
    expect(realDate(0, 1, 1)).toBeNull();
    expect(realDate(1899, 12, 31)).toBeNull();
    expect(realDate(2200, 12, 31)).toBe("2200-12-31");
  });

  it("reads a date written YYYY-MM-DD only when it is a real day", () => {
    const date = isoDate("Enter the date as a real date written YYYY-MM-DD");
    expect(date.parse("2025-07-16")).toBe("2025-07-16");
    for (const wrong of ["0000-02-30", "2025-13-01", "2025-02-30", "2025-7-16", "16/07/2025", "2025-07-16T00:00", "+2025-07-16"]) {
      expect(messageOf(date, wrong), wrong).toBe("Enter the date as a real date written YYYY-MM-DD");
    }
  });

  it("reads the three boxes of a date input, refusing 30 February and year 0 with the field's name", () => {
    const due = dateInput("due", "Due date");
    expect(due.parse({ dueDay: "6", dueMonth: "02", dueYear: "2025" })).toBe("2025-02-06");
    expect(due.parse({})).toBe("");
    expect(due.safeParse({ dueDay: "30", dueMonth: "2", dueYear: "2025" }).error?.issues).toEqual([expect.objectContaining({ path: ["dueDay"], message: "Due date must be a real date, like 31 3 2026" })]);
    expect(messageOf(due, { dueDay: "1", dueMonth: "1", dueYear: "0000" })).toBe("Due date must be in a year from 1900 to 2200");
    for (const [d, m, y] of [["1e1", "1", "2026"], ["0x1", "1", "2026"], ["1.5", "1", "2026"], ["1", "1", "26"], ["-1", "1", "2026"]]) {
      expect(messageOf(due, { dueDay: d, dueMonth: m, dueYear: y }), `${d} ${m} ${y}`).toBe("Due date must be a real date, like 31 3 2026");
    }
  });
});

describe("whole numbers and ids", () => {
  it("reads an id in an address as digits from 1 to the largest integer a column holds", () => {
    expect(idParam.parse("3")).toBe(3);
    expect(idParam.parse("2147483647")).toBe(2_147_483_647);
    for (const wrong of ["0", "-1", "2147483648", "99999999999", "0x10", "1e3", "1.0", " 3", "abc", "\u0000", ""]) expect(idParam.safeParse(wrong).success, wrong).toBe(false);
  });

  it("reads a chosen number in digits and within its range, naming the field", () => {
    const quarter = wholeNumber("Quarter", 1, 4);
    expect(quarter.parse("4")).toBe(4);
    for (const wrong of ["5", "0x1", "1e0", "2.0", "Infinity", ""]) expect(messageOf(quarter, wrong), wrong).toBe("Quarter must be a whole number from 1 to 4");
    expect(messageOf(recordVersion(), "99999999999")).toBe("The form is missing the record's version: reload the page");
  });
});

describe("numbers typed in a box", () => {
  const target = decimalNumber("The target", { example: "85" });

  it("reads numbers as people write them, and empty as none", () => {
    expect(target.parse("85")).toBe(85);
    expect(target.parse("-2.5")).toBe(-2.5);
    expect(target.parse(".5")).toBe(0.5);
    expect(target.parse("1,250")).toBe(1250);
    expect(target.parse("£68,000")).toBe(68000);
    expect(target.parse("45%")).toBe(45);
    expect(target.parse("-0")).toBe(0);
    expect(Object.is(target.parse("-0"), -0)).toBe(false);
    expect(target.parse("")).toBeNull();
  });

  it("refuses hexadecimal, exponents, Infinity and NaN, which would put nonsense into charts", () => {
    for (const wrong of ["0x10", "1e308", "1e3", "Infinity", "-Infinity", "NaN", "1,25", "12.5.1", "ten", "0b101", "1_000"]) {
      expect(messageOf(target, wrong), wrong).toBe("The target must be a number, like 85");
    }
  });

  it("refuses a number beyond its range, saying the range", () => {
    expect(messageOf(target, "2000000000000")).toBe("The target must be from -1,000,000,000,000 to 1,000,000,000,000");
    expect(messageOf(decimalNumber("The per cent", { example: "5", min: 0, max: 100 }), "101")).toBe("The per cent must be from 0 to 100");
  });
});

describe("filters in a query string", () => {
  it("ignores one that is not offered: sent twice, too long or with hidden characters", () => {
    const filters = z.object({ priority: queryFilter });
    expect(filters.parse({ priority: "3" })).toEqual({ priority: "3" });
    expect(filters.parse({})).toEqual({ priority: "" });
    expect(filters.parse({ priority: ["1", "2"] })).toEqual({ priority: "" });
    expect(filters.parse({ priority: "x".repeat(201) })).toEqual({ priority: "" });
    expect(filters.parse({ priority: "1\u0000" })).toEqual({ priority: "" });
  });
});

/** A request as the readers below see it: only its query string and body. */
const requestWith = (parts: { query?: unknown; body?: unknown }) => ({ query: {}, ...parts }) as unknown as FastifyRequest;

describe("the banner after a save", () => {
  const messages = { "1": "Your change has been saved", "priority-moved": "The priority has been moved" };

  it.each([
    ["a key the page knows", { saved: "priority-moved" }, "The priority has been moved"],
    ["the plain saved key", { saved: "1" }, "Your change has been saved"],
    ["no key", {}, undefined],
    ["a key the page does not know", { saved: "deleted" }, undefined],
    ["the name of an object's own property", { saved: "toString" }, undefined],
    ["a key sent twice", { saved: ["1", "1"] }, undefined],
    ["no query string at all", undefined, undefined],
  ])("shows the page's words for %s, and nothing otherwise", (_case, query, banner) => {
    expect(savedMessageOf(requestWith({ query }), messages)).toBe(banner);
  });
});

describe("a posted form", () => {
  it.each([
    ["a form's fields", { title: "Early help", areas: ["1", "2"] }, { title: "Early help", areas: ["1", "2"] }],
    ["no body", undefined, {}],
    ["a body that is not a form", "title=Early help", {}],
    ["null", null, {}],
  ])("reads %s as fields by name", (_case, body, fields) => {
    expect(formValues(requestWith({ body }))).toEqual(fields);
  });
});
