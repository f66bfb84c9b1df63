# A shared GPU dev box for notebook work, and the bucket the fine-tunes write checkpoints to.
resource "google_compute_instance" "devbox" {
  name              = "llm-devbox"
  machine_type      = "g2-standard-8" # 1x L4
  zone              = "us-central1-a"
  resource_policies = [google_compute_resource_policy.office_hours.id] # stops it at night

  labels = {
    team    = "research"
    project = "llm-finetune"
  }
  boot_disk {
    initialize_params {
      image = "deeplearning-platform-release/common-cu121-debian-11"
    }
  }
  network_interface {
    network = "default"
  }
}

resource "aws_s3_bucket" "checkpoints" {
  bucket = "acme-llm-checkpoints"
  tags = {
    team    = "research"
    project = "llm-finetune"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "checkpoints" {
  bucket = aws_s3_bucket.checkpoints.id
  rule {
    id     = "tier-old-checkpoints"
    status = "Enabled"
    filter {}
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}
