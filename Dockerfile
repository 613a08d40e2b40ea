# Junbish Atlas: the Streamlit dashboard in a slim container.
#   docker build -t junbish-atlas .
#   docker run -p 8501:8501 junbish-atlas
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION=true \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY app.py dashboard.py ./
COPY .streamlit/ .streamlit/
COPY geo/ geo/
COPY atlas_view/ atlas_view/
COPY ui/ ui/
COPY pages/ pages/
COPY data/ data/
COPY docs/methodology.md docs/

RUN useradd --create-home --uid 10001 atlas
USER atlas

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"

CMD ["python", "-m", "streamlit", "run", "app.py"]
