"""Train a churn classifier on tabular features (plain PyTorch loop)."""
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

df = pd.read_csv("data/churn_features.csv")
x = torch.tensor(df.drop(columns=["churned"]).values, dtype=torch.float32)
y = torch.tensor(df["churned"].values, dtype=torch.float32)
loader = DataLoader(TensorDataset(x, y), batch_size=512, shuffle=True)

device = "cuda"
model = nn.Sequential(nn.Linear(x.shape[1], 1024), nn.ReLU(), nn.Linear(1024, 1)).to(device)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
loss_fn = nn.BCEWithLogitsLoss()

for epoch in range(50):
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        loss = loss_fn(model(xb).squeeze(-1), yb)
        loss.backward()
        optimizer.step()

torch.save(model.state_dict(), "churn_model.pt")
