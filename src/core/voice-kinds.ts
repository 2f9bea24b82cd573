/** What the plan keeps of children's voice: a wish children made of professionals, or something young people asked the plan to do. */
export const voiceKinds = ["wish", "ask"] as const;
export type VoiceKind = (typeof voiceKinds)[number];
