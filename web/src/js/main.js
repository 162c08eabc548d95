document.getElementById("main").textContent = "Pavilion";
