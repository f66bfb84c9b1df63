"""Weekly sales report: plain pandas, no ML."""
import pandas as pd

sales = pd.read_csv("sales.csv")
print(sales.groupby("region")["amount"].sum())
