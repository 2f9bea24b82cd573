import { planYearLabel, planYearOfDate } from "./plan-years.ts";

export type Frequency = "monthly" | "quarterly" | "annual" | "academic-year";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * How a value's period is written, from the last day of the period and the measure's frequency:
 * "December 2024", "Q3 2024/25" (financial quarters), "2024/25" (financial year, April–March),
 * "2024/25 academic year" (September–August).
 */
export function valuePeriodLabel(frequency: Frequency, periodEnd: string): string {
  const [year, month] = periodEnd.split("-").map(Number) as [number, number];
  switch (frequency) {
    case "monthly":
      return `${MONTHS[month - 1]} ${year}`;
    case "quarterly": {
      const quarter = month >= 4 ? Math.ceil((month - 3) / 3) : 4;
      return `Q${quarter} ${planYearLabel(planYearOfDate(periodEnd))}`;
    }
    case "annual":
      return planYearLabel(planYearOfDate(periodEnd));
    case "academic-year":
      return `${planYearLabel(month >= 9 ? year : year - 1)} academic year`;
  }
}
