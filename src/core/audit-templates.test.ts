import { describe, expect, it } from "vitest";
import { sameContent, templateProblems, type TemplateContent } from "./audit-templates.ts";

const voice = { name: "Voice of the child", guidance: "Is the child seen and heard?" };
const whole: TemplateContent = {
  name: "Whole-case audit",
  description: "",
  serviceAreas: ["Children in care"],
  domains: [voice, { name: "Planning", guidance: "" }],
  questions: ["Was the child seen alone?"],
};

describe("whether a template version may be saved", () => {
  it.each<[string, Partial<TemplateContent>, Record<string, string>]>([
    ["a whole template", {}, {}],
    ["no name", { name: " " }, { name: "Enter the template's name" }],
    ["no domains", { domains: [] }, { "domainName-1": "Enter at least one domain for audits to grade" }],
    ["a domain with guidance but no name", { domains: [voice, { name: "", guidance: "Why" }] }, { "domainName-2": "Enter the name of domain 2, or remove its guidance" }],
    ["a domain named twice", { domains: [voice, { name: "voice of the child", guidance: "" }] }, { "domainName-2": "Domain 2, voice of the child, is named twice: give each domain its own name" }],
    ["a question asked twice", { questions: ["Seen alone?", "Seen alone?"] }, { "question-2": "Question 2 is asked twice: remove one" }],
    ["no questions", { questions: [] }, {}],
    ["no service area", { serviceAreas: [] }, { serviceAreas: "Select the service areas that use this template" }],
    ["a service area not on the list", { serviceAreas: ["Everywhere"] }, { serviceAreas: "Select service areas from the list" }],
    ["too many domains", { domains: Array.from({ length: 21 }, (_, i) => ({ name: `Domain ${String(i)}`, guidance: "" })) }, { "domainName-1": "A template has at most 20 domains" }],
  ])("%s", (_name, change, problems) => {
    expect(templateProblems({ ...whole, ...change })).toEqual(problems);
  });
});

describe("whether a version changes anything", () => {
  it.each<[string, Partial<TemplateContent>, boolean]>([
    ["the same", {}, true],
    ["service areas in another order", { serviceAreas: [...whole.serviceAreas].reverse() }, true],
    ["new guidance", { domains: [voice, { name: "Planning", guidance: "SMART plans" }] }, false],
    ["a new question", { questions: [...whole.questions, "Is the plan up to date?"] }, false],
    ["another name", { name: "Whole case audit" }, false],
  ])("%s", (_name, change, same) => {
    expect(sameContent(whole, { ...whole, ...change })).toBe(same);
  });
});
