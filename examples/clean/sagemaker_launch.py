"""Launch the BERT fine-tuning job on SageMaker."""
import sagemaker
from sagemaker.huggingface import HuggingFace
from sagemaker.inputs import TrainingInput

role = sagemaker.get_execution_role()

estimator = HuggingFace(
    entry_point="train.py",
    source_dir="scripts",
    instance_type="ml.g5.xlarge",
    instance_count=1,
    role=role,
    transformers_version="4.36",
    pytorch_version="2.1",
    py_version="py310",
    use_spot_instances=True,
    max_run=36000,
    max_wait=72000,
    checkpoint_s3_uri="s3://acme-ml/checkpoints/bert-reviews",
    hyperparameters={"model_name_or_path": "bert-base-uncased", "epochs": 3, "per_device_train_batch_size": 32, "bf16": True},
    tags=[{"Key": "team", "Value": "nlp"}, {"Key": "project", "Value": "reviews"}],
)

train = TrainingInput("s3://acme-ml/reviews/train.parquet", content_type="application/x-parquet")
estimator.fit({"train": train})
