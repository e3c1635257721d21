"""The lesson shown in the instructor preview before anything is typed."""

SAMPLE_LESSON = """---
title: Working capital in one page
slug: working-capital-preview
track: balance-sheet
order: 99
minutes: 5
summary: A scratch lesson to try the format.
outcomes:
  - id: A99.1
    text: Calculate working capital from a balance sheet.
prerequisites: [accounting-equation]
---
## What it measures

[[Working capital]] is current assets minus current liabilities:

$$WC = CA - CL$$

!!! example "Apple, fiscal 2023 (USD millions)"
    143,566 - 145,308 = -1,742.

| Line | FY2023 |
| --- | ---: |
| Current assets | 143,566 |
| Current liabilities | 145,308 |

See [the liquidity lesson](lesson:liquidity-ratios).
"""
