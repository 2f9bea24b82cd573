"""Re-referrals and children looked after, counted with pandas from an SSD extract's CSV files.

The benchmark's independent count of two measures, written from the rules in MEASURES.md (sections
1 and 2), not from Waymark's queries, so that the two agreeing means something:

- Re-referrals (CIN-REREFERRAL-12M), for each DfE year (1 April to 31 March, named by the year it
  ends): every referral dated in the year (ssd_cin_episodes.cine_referral_date), a child's second
  referral on the same day left out as a duplicate; a re-referral when the same child has an earlier
  referral dated on or after the day 12 months before (the same day of the month, or the month's last
  day when it is shorter). Referrals that led to no further action, and unborn children, count.
- Children looked after (CLA-COUNT) at each 31 March: children with an episode of care
  (ssd_cla_episodes) begun on or before the day and not ceased by it (one ceasing that day has
  ceased), less those whose legal status (ssd_legal_status) that day is a short break, V3 or V4.
  For the year still under way, the position on the day the records were taken.

Dates are read as the SSD writes them ("2025-04-30", perhaps with a time after it): the day as written.

Usage: casework-pandas.py FOLDER --extract-date YYYY-MM-DD
Prints JSON: the figures by year, and the seconds taken from reading the first file to the last figure.
"""

import argparse
import json
import time

import pandas as pd


def read_table(folder, table, columns):
    """The columns of one table's file, every cell as text (empty cells stay empty)."""
    return pd.read_csv(f"{folder}/{table}.csv", usecols=columns, dtype=str, keep_default_na=False)


def days(cells):
    """Cells holding dates as days; an empty cell, or one that is not a date, becomes NaT."""
    return pd.to_datetime(cells.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")


def dfe_year(dates):
    """The DfE year a date falls in, named by the year it ends: 2025 for April 2024 to March 2025."""
    return dates.dt.year + (dates.dt.month >= 4).astype(int)


def rereferrals_by_year(referrals):
    """For each DfE year: the referrals, and those within 12 months of the same child's previous one."""
    referrals = referrals.dropna(subset=["date"]).drop_duplicates(["person", "date"])
    referrals = referrals.sort_values(["person", "date"])
    previous = referrals.groupby("person")["date"].shift()
    referrals["again"] = previous >= referrals["date"] - pd.DateOffset(months=12)
    referrals["year"] = dfe_year(referrals["date"])
    counted = referrals.groupby("year")["again"].agg(["size", "sum"])
    return {int(year): {"referrals": int(row["size"]), "rereferrals": int(row["sum"])} for year, row in counted.iterrows()}


def looked_after_on(day, episodes, legal):
    """How many children were looked after on a day, leaving out those on a short break."""
    open_on_day = episodes[(episodes["start"] <= day) & (episodes["ceased"].isna() | (episodes["ceased"] > day))]
    short_breaks = legal[legal["status"].isin(["V3", "V4"]) & (legal["start"] <= day) & (legal["end"].isna() | (legal["end"] > day))]
    return len(set(open_on_day["person"]) - set(short_breaks["person"]))


def main():
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("folder")
    arguments.add_argument("--extract-date", required=True, help="the day the records were taken, YYYY-MM-DD")
    given = arguments.parse_args()
    extract_date = pd.Timestamp(given.extract_date)

    started = time.perf_counter()
    cin = read_table(given.folder, "ssd_cin_episodes", ["cine_person_id", "cine_referral_date"])
    cla = read_table(given.folder, "ssd_cla_episodes", ["clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"])
    status = read_table(given.folder, "ssd_legal_status", ["lega_person_id", "lega_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date"])
    referrals = pd.DataFrame({"person": cin["cine_person_id"], "date": days(cin["cine_referral_date"])})
    episodes = pd.DataFrame({"person": cla["clae_person_id"], "start": days(cla["clae_cla_episode_start_date"]), "ceased": days(cla["clae_cla_episode_ceased_date"])})
    legal = pd.DataFrame({"person": status["lega_person_id"], "status": status["lega_legal_status"], "start": days(status["lega_legal_status_start_date"]), "end": days(status["lega_legal_status_end_date"])})
    read = time.perf_counter()

    rereferrals = rereferrals_by_year(referrals)
    # Every year from the first the files record anything in to the one the records were taken in.
    first = min(referrals["date"].min(), episodes["start"].min())
    looked_after = {}
    for year in range(int(dfe_year(pd.Series([first])).iloc[0]), int(dfe_year(pd.Series([extract_date])).iloc[0]) + 1):
        day = min(pd.Timestamp(year=year, month=3, day=31), extract_date)
        looked_after[year] = {"on": day.strftime("%Y-%m-%d"), "children": looked_after_on(day, episodes, legal)}
    finished = time.perf_counter()

    print(json.dumps({
        "pandas": pd.__version__,
        "seconds": finished - started,
        "reading_seconds": read - started,
        "rereferrals": rereferrals,
        "looked_after": looked_after,
    }))


if __name__ == "__main__":
    main()
